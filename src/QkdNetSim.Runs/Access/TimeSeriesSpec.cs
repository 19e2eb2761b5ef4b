using QkdNetSim.Data.Scenarios;
using static QkdNetSim.Data.Scenarios.RuleChecker;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The scenario's `timeseries:` mapping: whether a run writes timeseries.parquet (one row per active user and block) and
/// the block length. Absent means on, with <see cref="DefaultBlockS"/> blocks; an absent mapping is not written into the
/// canonical scenario, so scenarios that do not mention it keep their hash.
/// </summary>
public sealed class TimeSeriesSpec
{
    /// <summary>Seed 004 Fig. 3 reports one point per 20-minute session.</summary>
    public const double DefaultBlockS = 1200;

    /// <summary>
    /// Most rows (active users x blocks) a run may ask for: the rows are kept until the run ends (each block's emitted
    /// pulses are split from the run's totals, <see cref="TimeSeriesBuilder"/>), about 200 bytes each, so at most ~50 MB.
    /// 12 h of 1-minute blocks for 64 users is 46,080 rows.
    /// </summary>
    public const int MaxRows = 1 << 18;

    /// <summary>Write DIR/timeseries.parquet.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Block length, s; a block is round(blockS x gateRateHz) gates, the last one may be shorter.</summary>
    public double BlockS { get; set; } = DefaultBlockS;

    /// <summary>The spec a scenario runs with (its own, or the defaults when it has none).</summary>
    public static TimeSeriesSpec Of(ScenarioFile s) => s.Timeseries ?? new TimeSeriesSpec();

    /// <summary>Gates per block at <paramref name="gateRateHz"/>.</summary>
    public long BlockGates(double gateRateHz) => (long)Math.Round(BlockS * gateRateHz);

    /// <summary>
    /// False when the run's timeseries.parquet holds at most one block per user, so the figure `run` draws from it (a series
    /// over time, <see cref="TimeSeriesWriter.FigureFileName"/>) has nothing to draw: the simulated gates fit in one block
    /// (no gate crossed a block end, <see cref="TimeSeriesTally"/>). True otherwise, and for a scenario or summary of
    /// another kind. Lets `run` skip reading the file back (Parquet reader and data frame: tens of milliseconds of every
    /// run shorter than a block, e.g. the default 60 s against 1200 s blocks).
    /// </summary>
    public static bool MayHoldSeveralBlocks(IRunScenario scenario, SummaryEnvelope summary) =>
        scenario is not LoadedScenario loaded || summary is not RunSummary run
        || run.Run.SimulatedGates > Of(loaded.Scenario).BlockGates(run.Run.GateRateHz);

    /// <summary>
    /// The rules of `timeseries.blockS` when the series is on: positive and finite, at least one gate, and at most
    /// <see cref="MaxRows"/> rows for the session's active users.
    /// </summary>
    internal static void Validate(RuleChecker v, ScenarioFile s, int activeUsers)
    {
        var t = Of(s);
        if (!t.Enabled) return;
        const string field = "timeseries.blockS";
        v.Positive(field, t.BlockS);
        ScenarioValidator.AtMost(v, field, t.BlockS, ScenarioValidator.MaxDurationS);
        double rate = s.Receiver.GateRateHz;
        long blockGates = t.BlockGates(rate);
        if (blockGates < 1)
            v.Fail(field, $"{F(t.BlockS)} s at {F(rate)} Hz holds no gate (needs blockS x gateRateHz >= 0.5)");
        long sessionGates = (long)Math.Round(s.DurationS * rate);
        long blocks = (sessionGates + blockGates - 1) / blockGates;
        if (blocks * Math.Max(1, activeUsers) > MaxRows)
            v.Fail(field, $"gives {blocks} blocks x {activeUsers} active users = {blocks * activeUsers} rows, at most {MaxRows} "
                + $"(choose blockS >= {F(Math.Ceiling(s.DurationS * Math.Max(1, activeUsers) / MaxRows * 1e3) / 1e3)} or timeseries.enabled: false)");
    }
}
