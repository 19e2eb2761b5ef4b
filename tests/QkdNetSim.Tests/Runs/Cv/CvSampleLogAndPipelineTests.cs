using QkdNetSim.Runs;
using QkdNetSim.Core;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Cv;
using Xunit.Abstractions;
using QkdNetSim.Tests.Analysis.Cv.Estimation;

namespace QkdNetSim.Tests.Runs.Cv;

/// <summary>cv_samples.parquet round trip and corruption handling; cvNetwork scenario loading; run/analyze pipelines.</summary>
public sealed class CvSampleLogAndPipelineTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cvsamples-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ModelPath()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "QkdNetSim.sln"))) d = d.Parent;
        return Path.Combine(d!.FullName, "models", "networks", "seed000-three-node-cv.yaml");
    }

    private string WriteLog(int rows, int rowGroup)
    {
        string path = Path.Combine(_dir, CvSampleLogSchema.FileName);
        using var w = new CvSampleLogWriter(path, new Dictionary<string, string> { ["k"] = "v" }, rowGroup);
        for (int r = 0; r < rows; r++) w.Append(r / 2, r % 2, r * 0.5, -r / 3.0, Math.PI * r, 1e-300 * r);
        w.Complete();
        return path;
    }

    [Fact]
    public void RoundTripIsExact()
    {
        string path = WriteLog(5000, 1024);
        using var reader = CvSampleLogReader.Open(path);
        Assert.Equal(5000, reader.RowCount);
        Assert.Equal(5, reader.RowGroupCount);
        Assert.Equal("v", reader.Metadata["k"]);
        int seen = 0;
        reader.ReadAll(c =>
        {
            for (int i = 0; i < c.Length; i++, seen++)
            {
                int r = seen;
                Assert.Equal(r / 2, c.Round[i]);
                Assert.Equal(r % 2, c.User[i]);
                Assert.Equal(r * 0.5, c.AliceX[i]);
                Assert.Equal(-r / 3.0, c.AliceP[i]);
                Assert.Equal(Math.PI * r, c.BobX[i]);
                Assert.Equal(1e-300 * r, c.BobP[i]);
            }
        });
        Assert.Equal(5000, seen);
    }

    [Fact]
    public void CorruptOrTruncatedFileIsInputError()
    {
        string path = WriteLog(5000, 1024);
        var bytes = File.ReadAllBytes(path);
        string truncated = Path.Combine(_dir, "truncated.parquet");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var e1 = Assert.Throws<InputError>(() => { using var r = CvSampleLogReader.Open(truncated); r.ReadAll(_ => { }); });
        Assert.Contains("truncated.parquet", e1.Message);

        // Flip bytes inside the data pages (middle of the file): either decoding fails or the content hash differs.
        int caught = 0;
        for (int offset = 200; offset < bytes.Length / 2; offset += bytes.Length / 16)
        {
            var copy = (byte[])bytes.Clone();
            for (int k = 0; k < 8; k++) copy[offset + k] ^= 0x5A;
            string bad = Path.Combine(_dir, $"bad{offset}.parquet");
            File.WriteAllBytes(bad, copy);
            var e = Assert.Throws<InputError>(() => { using var r = CvSampleLogReader.Open(bad); r.ReadAll(_ => { }); });
            Assert.Contains(bad, e.Message);
            caught++;
        }
        Assert.True(caught >= 4);
    }

    [Fact]
    public async Task MissingColumnIsInputErrorNamingIt()
    {
        string path = Path.Combine(_dir, "missing.parquet");
        var schema = new Parquet.Schema.ParquetSchema(CvSampleLogSchema.RoundField, CvSampleLogSchema.UserField);
        await using (var fs = File.Create(path))
        await using (var w = await Parquet.ParquetWriter.CreateAsync(schema, fs))
        {
            using var rg = w.CreateRowGroup();
            await rg.WriteAsync<long>(CvSampleLogSchema.RoundField, new long[] { 0 });
            await rg.WriteAsync<int>(CvSampleLogSchema.UserField, new[] { 0 });
        }
        var e = Assert.Throws<InputError>(() => CvSampleLogReader.Open(path));
        Assert.Equal(CvSampleLogSchema.AliceX, e.Field);
        Assert.Contains("missing", e.Rule);
    }

    [Fact]
    public void ModelLoadsAndKindIsDetected()
    {
        string model = ModelPath();
        Assert.Equal(KindNames.Cv, KindNames.Detect(model));
        var loaded = CvScenarioLoader.Load(model);
        Assert.Equal(2, loaded.Scenario.Users.Count);
        var ch = loaded.BuildChannels();
        Assert.Equal(Math.Pow(10, -0.02 * 30) / 2, ch[0].TotalTransmittance, 12); // 25 + 5 km, 1:2 split
    }

    [Theory]
    [InlineData("kind: cvNetwork\nusers: [{efficiency: 0.5}]\nbogus: 1\n", "bogus")]
    [InlineData("kind: cvNetwork\nusers: [{efficiency: 1.5}]\n", "users.0.efficiency")]
    [InlineData("kind: cvNetwork\nmodulationVarianceSnu: 0\nusers: [{efficiency: 0.5}]\n", "modulationVarianceSnu")]
    [InlineData("kind: cvNetwork\nmodulation: psk8\nusers: [{efficiency: 0.5}]\n", "modulation")]
    [InlineData("kind: cvNetwork\nusers: []\n", "users")]
    [InlineData("kind: cvNetwork\nusers: [{efficiency: 0.5}, {fibreLengthKm: 20000}]\n", "users.1.fibreLengthKm")] // 4000 dB underflows
    [InlineData("kind: cvNetwork\nmodulation: qam\nqamLevels: [1, 1]\nqamProbabilities: [0.5, 0.5]\nusers: [{efficiency: 0.5}]\n", "qamLevels")]
    [InlineData("kind: cvNetwork\nmodulation: qam\nqamLevels: [-1, 1]\nqamProbabilities: [0.5, 0.6]\nusers: [{efficiency: 0.5}]\n", "qamProbabilities")]
    public void BadScenarioIsOneLineInputError(string yaml, string field)
    {
        var e = Assert.Throws<InputError>(() => CvScenarioLoader.LoadFromText(yaml, "s.yaml"));
        output.WriteLine(e.Message);
        Assert.Equal("s.yaml", e.File);
        Assert.Equal(field, e.Field);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>`run` of the seed-000 model through the run layer: the summary and where it was written.</summary>
    private static (CvRunSummary Summary, string SummaryPath) CvRun(string outDir, IReadOnlyList<string> overrides)
    {
        var (kind, scenario) = RunPipeline.Load(ModelPath(), overrides);
        return ((CvRunSummary)RunPipeline.Execute(kind, scenario, outDir), Path.Combine(outDir, RunPipeline.SummaryFileName));
    }

    [Fact]
    public void Without_rowGroupSize_the_log_has_row_groups_of_2_to_the_17_rows_and_the_scenario_text_does_not_name_it()
    {
        var (kind, plain) = RunPipeline.Load(ModelPath(), ["samples=70000"]); // 140,000 rows: one full group and the rest
        var (_, set) = RunPipeline.Load(ModelPath(), ["samples=70000", "log.rowGroupSize=131072"]);
        // An absent rowGroupSize is not written into the canonical text (hashes do not follow the default); a set one is.
        Assert.DoesNotContain("rowGroupSize", ((LoadedCvScenario)plain).CanonicalYaml);
        Assert.Contains("rowGroupSize: 131072", ((LoadedCvScenario)set).CanonicalYaml);
        string outDir = Path.Combine(_dir, "default-groups");
        RunPipeline.Execute(kind, plain, outDir);
        using var reader = CvSampleLogReader.Open(Path.Combine(outDir, CvSampleLogSchema.FileName));
        Assert.Equal(2, reader.RowGroupCount);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void RunThenAnalyzeGiveTheSameSummary()
    {
        string outDir = Path.Combine(_dir, "run");
        var (run, summaryPath) = CvRun(outDir, ["samples=200000", "log.rowGroupSize=65536"]);
        Assert.True(File.Exists(Path.Combine(outDir, CvSampleLogSchema.FileName)));
        Assert.True(File.Exists(summaryPath));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp*"));
        var analyzed = CvLogAnalysis.Analyze(Path.Combine(outDir, CvSampleLogSchema.FileName));
        Assert.Equal("analyze", analyzed.Command);
        Assert.Equal(run.Rounds, analyzed.Rounds);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(run.Users[i].Transmittance, analyzed.Users[i].Transmittance);
            Assert.Equal(run.Users[i].ExcessNoiseSnu, analyzed.Users[i].ExcessNoiseSnu);
            Assert.Equal(run.Users[i].Gg02KeyRateEstimateBits, analyzed.Users[i].Gg02KeyRateEstimateBits);
            Assert.NotNull(run.Users[i].NetworkKeyRateEstimateBits);
            Assert.NotNull(run.Users[i].NetworkKeyRateStandardErrorBits);
            Assert.Equal(run.Users[i].NetworkKeyRateEstimateBits, analyzed.Users[i].NetworkKeyRateEstimateBits);
            Assert.Equal(run.Users[i].NetworkKeyRateStandardErrorBits, analyzed.Users[i].NetworkKeyRateStandardErrorBits);
            Assert.Equal(run.Users[i].NetworkKeyRateWorstCaseBits, analyzed.Users[i].NetworkKeyRateWorstCaseBits);
            // T_hat is asymptotically normal: 5 of its delta-method se (the estimator's, which CvSampleEstimationTests checks
            // against the se derived from the true link) at 200,000 rounds.
            var t = run.Users[i].Transmittance!;
            double se = t.StandardError!.Value;
            Assert.InRange(run.Users[i].TrueTransmittance, t.Value - 5 * se, t.Value + 5 * se);
        }
        Assert.Equal(run.UpperLimitEstimateBits, analyzed.UpperLimitEstimateBits);
        Assert.Equal(6, run.EstimatedCovarianceSnu!.Length);
        for (int r = 0; r < 6; r++) Assert.Equal(run.EstimatedCovarianceSnu[r], analyzed.EstimatedCovarianceSnu![r]); // bit for bit
        Assert.Equal(run.NetworkTotalKeyRateEstimateBits, analyzed.NetworkTotalKeyRateEstimateBits);
        output.WriteLine(File.ReadAllText(summaryPath));
    }

    [Fact]
    public void InterruptedRunKeepsTheRoundsDoneAndAnalyzeAgrees()
    {
        // Cancel at the first progress report: the kernel's monitor ticks every 1/200 of the session (StepSession's
        // default), so the session stops after 1 000 000 / 200 = 5 000 whole rounds, inside the first 65 536-round block.
        string outDir = Path.Combine(_dir, "interrupted");
        var loaded = QkdNetSim.Runs.Cv.CvScenarioLoader.Load(ModelPath(), ["samples=1000000"]);
        using var cts = new CancellationTokenSource();
        var run = (CvRunSummary)RunPipeline.Execute(loaded, outDir, _ => cts.Cancel(), cts.Token);
        Assert.True(run.Interrupted);
        Assert.Equal(1_000_000 / 200, run.Rounds);
        Assert.Equal(run.Rounds * 1e-9, run.Run.SimulatedTimeS!.Value, 1e-15); // 1 GBaud default: 1 ns per round
        var analyzed = CvLogAnalysis.Analyze(Path.Combine(outDir, CvSampleLogSchema.FileName));
        Assert.Equal(run.Rounds, analyzed.Rounds);
        for (int i = 0; i < 2; i++) Assert.Equal(run.Users[i].Transmittance, analyzed.Users[i].Transmittance);
        Assert.Equal(run.NetworkTotalKeyRateEstimateBits, analyzed.NetworkTotalKeyRateEstimateBits);

        // The rounds kept are exactly the first rounds of the seed: an uninterrupted run of that many rounds writes the
        // same rows in the same order (equal content hash) and the same estimates.
        var (whole, _) = CvRun(Path.Combine(_dir, "prefix"), ["samples=5000"]);
        Assert.Equal(ContentHash(Path.Combine(outDir, CvSampleLogSchema.FileName)),
            ContentHash(Path.Combine(_dir, "prefix", CvSampleLogSchema.FileName)));
        for (int i = 0; i < 2; i++) Assert.Equal(whole.Users[i].Transmittance, run.Users[i].Transmittance);
    }

    /// <summary>The rows' part of the content hash (the manifests of the two runs differ: they name different scenarios).</summary>
    private static string ContentHash(string logPath)
    {
        using var reader = CvSampleLogReader.Open(logPath);
        string value = reader.Metadata[LogMetadata.ContentHashKey];
        int manifest = value.IndexOf(LogMetadata.ManifestDigestPart, StringComparison.Ordinal);
        return manifest < 0 ? value : value[..manifest];
    }

    [Fact]
    public void DisabledLogWritesOnlyTheSummary()
    {
        string outDir = Path.Combine(_dir, "nolog");
        var (run, summaryPath) = CvRun(outDir, ["samples=50000", "log.enabled=false"]);
        Assert.False(File.Exists(Path.Combine(outDir, CvSampleLogSchema.FileName)));
        Assert.True(File.Exists(summaryPath));
        Assert.Equal(50000, run.Rounds);
        Assert.False(run.Interrupted);
    }
}
