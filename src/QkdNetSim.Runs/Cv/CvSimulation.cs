using QkdNetSim.Core.Units;
using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// The CV network's simulation step of `run`: runs the sample engine inside the event kernel (<see cref="CvNetworkSession"/>,
/// one round per symbol period; progress and cancellation from the kernel's monitor, like the other kinds), streams the
/// samples into cv_samples.parquet (manifest in the footer) when a log path is given, and builds the summary once. An
/// interrupted run (cancellation) keeps the whole rounds done: the log and the summary cover exactly those, and the
/// summary says `interrupted: true`.
/// </summary>
public static class CvSimulation
{
    /// <summary>
    /// Longest stretch between two kernel monitor ticks (progress report and Ctrl+C check), rounds: the kinds' 200 ticks
    /// per session, but at least one per 2^20 rounds (~0.07 s of wall time at the 1.5e7 rounds/s measured for two Bobs),
    /// so a long session stops about as promptly as the former per-block check; StepSession alone would tick only once
    /// per simulated second (1e9 rounds at 1 GBaud). The granularity changes no output (CvSampleEngineTests).
    /// </summary>
    public const long MaxRoundsPerProgressTick = 1 << 20;

    /// <summary>Monitor ticks of a session of <paramref name="rounds"/> rounds (see <see cref="MaxRoundsPerProgressTick"/>).</summary>
    public static int ProgressSteps(long rounds) => (int)Math.Max(200, (rounds + MaxRoundsPerProgressTick - 1) / MaxRoundsPerProgressTick);

    public static CvRunSummary Simulate(LoadedCvScenario loaded, LogTarget? logTarget, Action<double>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var s = loaded.Scenario;
        var channels = loaded.BuildChannels();
        var manifest = CvRunManifest.Of(loaded, channels);
        var generator = new CvSampleGenerator(loaded.BuildModulation(), channels, s.Seed);
        var metadata = new Dictionary<string, string> { [CvRunManifest.MetadataKey] = manifest.ToJson() };
        var network = new Analysis.Cv.Estimation.CvNetworkMomentAccumulator(channels.Length);
        var moments = new CvMomentSink(channels.Length, network);
        using var log = logTarget is not null ? new CvSampleLogWriter(logTarget.WritePath, metadata, s.Log.EffectiveRowGroupSize) : null;
        var session = new CvNetworkSession(generator, s.Samples, Periods.PeriodPs(s.EffectiveSymbolRateHz()), CvSampleRunner.Sinks(moments, log));
        var result = session.Run(progress, cancel, ProgressSteps(s.Samples));
        bool interrupted = result.SimulatedRounds < s.Samples;
        if (log is not null)
        {
            if (interrupted)
            {
                manifest.Rounds = result.SimulatedRounds; // the footer describes the rows actually written
                log.SetMetadata(CvRunManifest.MetadataKey, manifest.ToJson());
            }
            log.Complete();
        }
        return CvSummaryBuilder.Build(manifest, moments.Users, network, "run", loaded.SourcePath, interrupted, wall.Elapsed.TotalSeconds,
            logTarget?.PublishedPath ?? "", result.KernelEvents, result.SimulatedTimeS);
    }
}
