using QkdNetSim.Runs;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// A signal during `analyze` stops the analysis itself, for every kind (issue 10, class 6): the analyze pipeline passes
/// the token to the kind, whose reader checks it at every chunk, and a stopped analysis writes nothing — the earlier
/// summary.json stays byte-identical, also when the stop comes after the last chunk but before the summary is written.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class AnalyzeCancellationTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Model(string file) => Path.Combine(CliFiles.RepoRoot, "models", "networks", file);

    public static TheoryData<string, string[]> Runs => new()
    {
        { "access", ["--duration", "0.02"] },
        { "mdi", [Model("seed002-four-user-mdi.yaml"), "--duration", "0.02"] },
        { "cv", [Model("seed000-three-node-cv.yaml"), "--set", "samples=20000"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void AStoppedAnalysisThrowsCancellationAndLeavesTheEarlierSummaryByteIdentical(string name, string[] runArgs)
    {
        string dir = _tmp.Sub(name);
        CliRunner.RunOk(dir, runArgs);
        string summary = Path.Combine(dir, RunPipeline.SummaryFileName);
        string before = CliFiles.Sha256(summary);

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => AnalyzePipeline.Execute(dir, stop.Token));

        Assert.Equal(before, CliFiles.Sha256(summary));
        CliAssert.NoTempFiles(dir);
        // The same analysis without a stop rewrites the summary (so the check above is not vacuous).
        AnalyzePipeline.Execute(dir);
        Assert.NotEqual(before, CliFiles.Sha256(summary));
    }

    [Fact]
    public void EveryKindsReaderChecksTheTokenBeforeItsFirstChunk()
    {
        // Direct calls, without the pipeline's own check after the kind returns: the kind must stop by itself.
        foreach (var (name, runArgs) in Runs.Select(r => ((string)r[0], (string[])r[1])))
        {
            string dir = _tmp.Sub("direct-" + name);
            CliRunner.RunOk(dir, runArgs);
            var kind = KindRegistry.ForAnalyze.First(k => k.AnalyzeInput(dir) is not null);
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => kind.Analyze(kind.AnalyzeInput(dir)!, stop.Token));
        }
    }
}
