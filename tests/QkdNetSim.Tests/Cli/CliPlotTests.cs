using QkdNetSim.Tests.Experiments.Plotting;

namespace QkdNetSim.Tests.Cli;

[Collection(CliConsoleCollection.Name)]
public sealed class CliPlotTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Smoke()
    {
        string dir = "/tmp/plotsmoke";
        SyntheticStudy.Write(dir);
        foreach (var args in new[] {
            new[] { "plot", dir, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--by", "afterpulseProbability" },
            new[] { "plot", dir, "--x", "distanceKm", "--y", "secretKeyRateBitPerS" },
            new[] { "plot", dir, "--x", "afterpulseProbability", "--y", "qberSignal" },
            new[] { "plot", dir, "--x", "distanceKm", "--y", "averageKeyRateBitPerS", "--by", "afterpulseProbability" },
            new[] { "plot", dir, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--by", "afterpulseProbability", "--heatmap" },
            new[] { "plot", dir, "--x", "distanceKm", "--y", "qberSignal", "--by", "unitName", "--heatmap" },
            new[] { "plot", dir, "--x", "distanceKm", "--y", "secretKeyRate" },
        })
        {
            var r = CliRunner.Invoke(args);
            Console.Error.WriteLine($"{string.Join(' ', args)} -> {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        }
    }
}
