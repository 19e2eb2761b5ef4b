using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Cli;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using static QkdNetSim.Tests.Runs.Mdi.MdiScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>
/// The MDI relative-delay drift through the run layer (README "MDI delay drift and time series"): `drift` and
/// `timeseries` keys, timeseries.parquet per pair and block, a zero drift that changes nothing, each block's QBER_X
/// against the model at the block's recorded delay, and bad values as one-line errors (exit 2).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class MdiTimeSeriesTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>Runs <paramref name="yaml"/> (a file path when it names one) into a fresh folder.</summary>
    private (MdiRunSummary Summary, string Dir, LoadedMdiScenario Scenario) Run(string name, string yaml, params string[] sets)
    {
        var (kind, scenario) = File.Exists(yaml) ? RunPipeline.Load(yaml, sets) : RunPipeline.Load(null, sets, yaml, "test.yaml");
        string dir = _tmp.Sub(name);
        var summary = (MdiRunSummary)RunPipeline.Execute(kind, scenario, dir);
        return (summary, dir, (LoadedMdiScenario)scenario);
    }

    /// <summary>The rows of a Parquet file through DuckDB, ordered by block then pair, as column name → value.</summary>
    private static List<Dictionary<string, object?>> Rows(string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{path}') ORDER BY block, pair";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    private static long L(object? v) => Convert.ToInt64(v);

    private static JsonNode Stripped(MdiRunSummary s)
    {
        var node = JsonNode.Parse(s.ToJson())!;
        foreach (var key in new[] { "toolVersion", "scenarioHash", "wallTimeS", "coincidencesPerWallSecond", "logFile" })
            Strip(node, key);
        return node;

        static void Strip(JsonNode? n, string key)
        {
            if (n is JsonObject o) { o.Remove(key); foreach (var kv in o) Strip(kv.Value, key); }
            else if (n is JsonArray a) foreach (var item in a) Strip(item, key);
        }
    }

    [Fact]
    public void A_drift_without_noise_gives_the_static_run_summary_and_the_static_run_writes_no_time_series()
    {
        var still = Run("still", NetworkPath, "durationS=0.05");
        var zero = Run("zero", NetworkPath, "durationS=0.05", "drift={delay: {noisePsPerSqrtS: 0, stepS: 0.001}}");
        Assert.Equal(Stripped(still.Summary).ToJsonString(), Stripped(zero.Summary).ToJsonString());
        Assert.True(still.Summary.Run.Coincidences > 1000);
        Assert.False(File.Exists(Path.Combine(still.Dir, TimeSeriesWriter.FileName))); // no drift, no key: no series
        Assert.True(File.Exists(Path.Combine(zero.Dir, TimeSeriesWriter.FileName)));  // a drift turns it on
        Assert.DoesNotContain("drift", still.Scenario.CanonicalYaml);                 // absent keys keep the hash
        Assert.DoesNotContain("timeseries", still.Scenario.CanonicalYaml);
    }

    [Fact]
    public void A_rerun_without_the_series_removes_the_earlier_time_series_file()
    {
        var (kind, withSeries) = RunPipeline.Load(null, ["durationS=0.001", "timeseries.enabled=true"], MinimalYaml, "test.yaml");
        string dir = _tmp.Sub("rerun");
        RunPipeline.Execute(kind, withSeries, dir);
        Assert.True(File.Exists(Path.Combine(dir, TimeSeriesWriter.FileName)));
        var (_, without) = RunPipeline.Load(null, ["durationS=0.001"], MinimalYaml, "test.yaml");
        RunPipeline.Execute(kind, without, dir);
        Assert.False(File.Exists(Path.Combine(dir, TimeSeriesWriter.FileName)));
    }

    /// <summary>
    /// Two users, 40 ns slots and 7 ns dead time (the regime where <see cref="MdiExpectedOutcomes"/> is exact), Z and X at
    /// mu = 0.5 each, an OU delay of 1500 ps/sqrt(s) and 5/s per user (stationary rms 474 ps, relative 670 ps) stepped every 20 ms = one block (500,000 slots), so each
    /// block has one relative delay, the one recorded.
    /// </summary>
    private const string DriftingPair =
        "kind: mdiNetwork\nseed: 3\ndurationS: 0.4\n" +
        "timing: {clockRateHz: 2.5e7, earlyLateSeparationPs: 5000, pulseFwhmPs: 800, coincidenceWindowPs: 1000, resolutionPs: 156}\n" +
        "encoder: {intensities: [0.5, 0.5], probabilities: [0.5, 0.5], bases: [Z, X], extinctionRatioDb: 30}\n" +
        "relay: {detector: {efficiency: 0.8, darkCountRateHz: 5.0e4, deadTimeNs: 7, jitterRmsPs: 50}}\n" +
        "users:\n  - name: A\n    channelLossDb: 5.2\n  - name: B\n    channelLossDb: 5.2\n" +
        "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n    polarizationOverlap: 0.95\n" +
        "drift: {delay: {noisePsPerSqrtS: 1500, reversionRatePerS: 5, stepS: 0.02}}\n" +
        "timeseries: {blockS: 0.02}\n" +
        "log: {enabled: false}\n";

    [Fact]
    [Trait("Category", "Statistical")]
    public void Each_blocks_X_basis_QBER_matches_the_model_at_the_blocks_recorded_delay()
    {
        var (summary, dir, scenario) = Run("qber", DriftingPair);
        var rows = Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        Assert.Equal(20, rows.Count);
        var config = scenario.Config;
        var table = new UserStateTable(config.Users[0].Encoder);
        // Every count column sums over the blocks to the summary's.
        Assert.Equal(summary.Pairs[0].TwoFold, rows.Sum(r => L(r["two_fold"])));
        Assert.Equal(summary.Pairs[0].Yields["i1i1"].Count, rows.Sum(r => L(r["psi_minus_i1i1"])));
        Assert.Equal(summary.Pairs[0].Yields["i1i1"].Errors, rows.Sum(r => L(r["errors_i1i1"])));

        double worstZeroDelayZ = 0;
        var delays = new List<double>();
        foreach (var r in rows)
        {
            double delay = (double)r["relative_delay_ps"]!;
            delays.Add(delay);
            long n = L(r["psi_minus_i1i1"]), e = L(r["errors_i1i1"]);
            double q = ModelQberX(config, table, delay);
            // e ~ Binomial(n, q) given n: 5 sigma over 20 blocks (false alarm ~1e-5).
            double z = (e - n * q) / Math.Sqrt(n * q * (1 - q));
            Assert.True(Math.Abs(z) < 5, $"block {r["block"]} at {delay:F0} ps: QBER_X {(double)e / n:F4} of {n}, model {q:F4} (z = {z:F2})");
            double q0 = ModelQberX(config, table, 0);
            worstZeroDelayZ = Math.Max(worstZeroDelayZ, Math.Abs((e - n * q0) / Math.Sqrt(n * q0 * (1 - q0))));
        }
        // The walk must cross the HOM dip (sigma 340 ps) for the test to mean something: the delay-blind model fails.
        Assert.True(delays.Max(Math.Abs) > 600, $"delays {string.Join(", ", delays.Select(d => d.ToString("F0")))}");
        Assert.True(worstZeroDelayZ > 8, $"the zero-delay model is rejected at only {worstZeroDelayZ:F1} sigma");
        Assert.Equal(0.0, delays[0]); // block 0 runs at the aligned delay; the first change applies from block 1
    }

    /// <summary>P(error | X-X |Psi->) from the quadrature model at relative delay <paramref name="delayPs"/>.</summary>
    private static double ModelQberX(MdiNetworkConfig c, UserStateTable t, double delayPs)
    {
        var optics = new BsmOptics(c.Modules[0] with { RelativeDelayPs = delayPs }, t, t, c.Timing);
        var model = new MdiExpectedOutcomes(optics, c.Timing);
        double all = 0, errors = 0;
        for (int a = 0; a < t.Count; a++)
        for (int b = 0; b < t.Count; b++)
        {
            if (t.Basis[a] != 1 || t.Basis[b] != 1) continue;
            double p = t.Probability[a] * t.Probability[b] * model.PsiMinus(optics.PairIndex(a, b));
            all += p;
            if (t.Bit[a] == t.Bit[b]) errors += p;
        }
        return errors / all;
    }

    [Theory]
    [InlineData("drift.delay.noisePsPerSqrtS=-1", "drift.delay.noisePsPerSqrtS", "must be >= 0 and finite, got -1")]
    [InlineData("drift.delay.reversionRatePerS=.nan", "drift.delay.reversionRatePerS", "must be >= 0 and finite, got NaN")]
    [InlineData("drift.delay.stepS=0", "drift.delay.stepS", "must be > 0 and finite, got 0")]
    [InlineData("drift.delay.stepS=1e-7", "drift.delay.stepS", "must be at least 100 slot periods (1E-06 s; each update rebuilds the click laws), got 1E-07")]
    [InlineData("users.1.drift={delay: {stepS: -2}}", "users.1.drift.delay.stepS", "must be > 0 and finite, got -2")]
    [InlineData("timeseries.blockS=0", "timeseries.blockS", "must be > 0 and finite, got 0")]
    [InlineData("timeseries.blockS=1e-10", "timeseries.blockS", "1E-10 s at 100000000 Hz holds no slot (needs blockS x clockRateHz >= 0.5)")]
    public void Bad_drift_and_time_series_values_name_the_field(string set, string field, string rule)
    {
        var e = ExpectError(() => LoadMdiText(Minimal("drift: {delay: {noisePsPerSqrtS: 10}}\n"), set), "--set", field);
        Assert.Equal(rule, e.Rule);
    }

    [Fact]
    public void A_user_inherits_the_network_drift_and_overrides_one_key()
    {
        var s = LoadMdiText(Minimal("drift: {delay: {noisePsPerSqrtS: 10, reversionRatePerS: 0.5, stepS: 2}}\n"),
            "users.1.drift={delay: {noisePsPerSqrtS: 0}}");
        var d = s.Config.DelayDrifts!;
        Assert.Equal((10.0, 0.5, 2.0), (d[0]!.DelayPs.NoisePerSqrtS, d[0]!.DelayPs.ReversionRatePerS, d[0]!.StepS));
        Assert.Equal((0.0, 0.5, 2.0), (d[1]!.DelayPs.NoisePerSqrtS, d[1]!.DelayPs.ReversionRatePerS, d[1]!.StepS));
    }

    [Fact]
    public void The_command_line_exits_2_on_a_bad_drift_value_and_writes_nothing()
    {
        string scenario = _tmp.Write("mdi.yaml", MinimalYaml);
        string outDir = _tmp.Sub("bad");
        var r = CliRunner.Invoke("run", scenario, "--out", outDir, "--quiet", "--set", "drift.delay.stepS=-1");
        CliAssert.BadInput(r, "--set", "drift.delay.stepS", outDir);
    }
}
