using System.Text.Json;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;
using Xunit.Abstractions;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>
/// Issue 12's acceptance: with every drift at zero and the loops off (the keys present), results equal today's in
/// distribution, and whether they are bit for bit. The zero drift runs a kernel process that steps every 0.37 ms, off
/// the grid of the progress monitor's ticks (every 1/200 of the session), so its events cut the engine's horizons where
/// the static run has none; each step hands the engine the nominal state, which it ignores (equal to the current one).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ZeroDriftRunTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ZeroKeys =
    [
        "drift={stepS: 0.00037, phase: {}, delay: {feederLengthKm: 10}, polarization: {}, intensity: {}}",
        "control={phase: {enabled: false}, timing: {enabled: false}, polarization: {enabled: false}}",
    ];

    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private RunSummary Run(string name, string mode, double durationS, params string[] sets)
    {
        var (kind, loaded) = RunPipeline.Load(ModelPath("networks/seed004-fig3a-splitter.yaml"), [$"durationS={durationS}", "log.enabled=false", $"mode={mode}", .. sets]);
        return (RunSummary)RunPipeline.Execute(kind, loaded, _tmp.Sub(name), null, default);
    }

    [Theory]
    [InlineData("fast", 0.05)]
    [InlineData("perPulse", 0.01)]
    public void Zero_drift_with_the_loops_off_gives_the_static_runs_counts_bit_for_bit_in_the_fast_and_per_pulse_engines(string mode, double durationS)
    {
        // Bit for bit because of the RNG use: the drift processes draw from their own named streams (user/{i}/drift/...,
        // feeder/drift/temperature; a zero noise draws nothing), and the engines draw only per gate or per click (the fast
        // engine's geometric gaps, the per-pulse engine's pulses) and redraw pending gaps only at a change of link state,
        // which never happens. Extra horizons therefore consume the engine's streams identically. Only the kernel's event
        // count (and wall times) differ.
        var plain = Run("plain", mode, durationS);
        var zero = Run("zero", mode, durationS, ZeroKeys);
        output.WriteLine($"{mode}: kernel events {plain.Run.KernelEvents} static, {zero.Run.KernelEvents} with the zero drift");
        Assert.True(zero.Run.KernelEvents > plain.Run.KernelEvents);
        Assert.Equal(JsonSerializer.Serialize(plain.Users), JsonSerializer.Serialize(zero.Users));
        Assert.Equal(JsonSerializer.Serialize(plain.Bins), JsonSerializer.Serialize(zero.Bins));
        Assert.Equal(JsonSerializer.Serialize(plain.Truth), JsonSerializer.Serialize(zero.Truth));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Zero_drift_with_the_loops_off_gives_the_static_runs_counts_in_distribution_but_not_bit_for_bit_in_the_blocks_engine()
    {
        // Not bit for bit: the block-sampling engine draws each horizon's counts at once (binomial and multinomial per bin
        // from the bin's stream), so the drift's extra horizons partition the session differently and consume the streams
        // differently. (With drift steps on the monitor's tick grid the partition, and so the run, is the static one.)
        // In distribution: against a static run with another seed (independent), every count of the summary; each is a
        // sum of many rare independent indicators, so z = (a - b)/sqrt(a + b) (Poisson variances) is ~N(0, 1), |z| < 5.
        const double durationS = 1;
        var plain = Run("plain", "blocks", durationS);
        var zero = Run("zero", "blocks", durationS, ZeroKeys);
        Assert.NotEqual(JsonSerializer.Serialize(plain.Users), JsonSerializer.Serialize(zero.Users));
        var other = Run("other", "blocks", durationS, "seed=9876");
        double maxZ = 0;
        void Same(string what, long a, long b)
        {
            double z = (a - b) / Math.Sqrt(Math.Max(a + b, 1));
            maxZ = Math.Max(maxZ, Math.Abs(z));
            Assert.True(Math.Abs(z) < 5, $"{what}: zero drift {a}, static (other seed) {b}, z = {z:F2}");
        }
        foreach (var (u, o) in zero.Users.Zip(other.Users).Where(p => p.First.Active))
        {
            for (int k = 0; k < u.Detections.Length; k++) Same($"user {u.Index} detections, intensity {k}", u.Detections[k], o.Detections[k]);
            for (int b = 0; b < 2; b++)
            for (int k = 0; k < u.Detections.Length; k++)
            {
                Same($"user {u.Index} sifted, basis {b} intensity {k}", u.SiftedBitsPerBasisIntensity[b][k], o.SiftedBitsPerBasisIntensity[b][k]);
                Same($"user {u.Index} errors, basis {b} intensity {k}", u.ErrorsPerBasisIntensity[b][k], o.ErrorsPerBasisIntensity[b][k]);
            }
            Same($"user {u.Index} double clicks", u.DoubleClicks, o.DoubleClicks);
        }
        foreach (var (b, o) in zero.Bins.Zip(other.Bins)) Same($"bin {b.Bin} noise click rows", b.NoiseClickRows, o.NoiseClickRows);
        output.WriteLine($"largest |z| over the summary's counts: {maxZ:F2}; signal detections of user 0: {zero.Users[0].Detections[0]} zero drift, {plain.Users[0].Detections[0]} static same seed, {other.Users[0].Detections[0]} static other seed");
    }
}
