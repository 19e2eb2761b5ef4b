using System.Globalization;
using QkdNetSim.Core;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Studies.Capacity;

/// <summary>What a capacity search looks for: the largest value of <paramref name="Parameter"/> (a kind's knob or a dotted
/// path) at which the worst unit's finite-key rate still reaches <paramref name="TargetKeyRateBitPerS"/>.</summary>
/// <param name="From">Start of the search range (default: the knob's minimum; required for a dotted path).</param>
/// <param name="To">End of the search range (default: the knob's maximum; required for a dotted path).</param>
/// <param name="Integer">Treat a dotted path's values as integers (knobs say so themselves).</param>
/// <param name="Tolerance">Width of the final bisection interval (default: 1e-4 of the bracket; 1 for integers).</param>
public sealed record CapacityQuery(string Parameter, double TargetKeyRateBitPerS, double? From = null, double? To = null, bool Integer = false,
    double? Tolerance = null);

/// <summary>One model evaluation: the parameter's value and the worst unit's finite-key rate there, or why the value is invalid.</summary>
public sealed record CapacityEvaluation(double Value, double? WorstKeyRateBitPerS, string? Invalid)
{
    public bool Meets(double target) => Invalid is null && WorstKeyRateBitPerS is double r && r >= target;
}

public enum CapacityOutcome
{
    /// <summary>The rate crosses the target inside the range: <see cref="CapacityResult.Last"/> meets it, <see cref="CapacityResult.First"/> (one resolution further) does not.</summary>
    Boundary,
    /// <summary>No boundary in range: even the range's start misses the target.</summary>
    BelowTargetAtStart,
    /// <summary>No boundary in range: the target is met up to the range's end.</summary>
    MetThroughout,
    /// <summary>No boundary in range: the target is met up to the largest value the scenario accepts (the next is invalid).</summary>
    MetUpToValidLimit,
}

/// <summary>A capacity search's answer, with every model evaluation it made.</summary>
/// <param name="Last">The largest value found that meets the target (null when even the start misses it).</param>
/// <param name="First">The smallest value found above it that misses the target or is invalid (null when none).</param>
/// <param name="Resolution">Width of the final interval [Last, First] (1 for integers).</param>
/// <param name="BoundaryOverrides">The `--set` overrides (beyond the base's) that set the parameter to <see cref="Last"/>.</param>
/// <param name="Seed">The scenario's seed (every value shares it: the parameter never sets it).</param>
public sealed record CapacityResult(SearchParameter Parameter, string Unit, double TargetKeyRateBitPerS, CapacityOutcome Outcome,
    CapacityEvaluation? Last, CapacityEvaluation? First, double Resolution, IReadOnlyList<string> BoundaryOverrides, ulong Seed,
    IReadOnlyList<CapacityEvaluation> Evaluations)
{
    /// <summary>The boundary (the largest value meeting the target) when the outcome is <see cref="CapacityOutcome.Boundary"/>.</summary>
    public double? Boundary => Outcome == CapacityOutcome.Boundary ? Last?.Value : null;

    /// <summary>One line for people, e.g. "activeUsers boundary: 23 users (worst-user finite-key rate ...)".</summary>
    public string Message
    {
        get
        {
            string target = $"target {Rate(TargetKeyRateBitPerS)}";
            string at(CapacityEvaluation e) => $"{Rate(e.WorstKeyRateBitPerS)} at {Parameter.Format(e.Value, Res)}";
            return Outcome switch
            {
                CapacityOutcome.Boundary => $"{Parameter.Name} boundary: {Parameter.Format(Last!.Value, Res)} (worst-{Unit} finite-key rate {at(Last)}, {at(First!)}; {target})",
                CapacityOutcome.BelowTargetAtStart => $"no boundary in range: at the start, {Parameter.Name} = {Parameter.Format(First!.Value, Res)}, the worst {Unit}'s finite-key rate is {Rate(First.WorstKeyRateBitPerS)}, below the {target}",
                CapacityOutcome.MetThroughout => $"no boundary in range: the {target} is met up to the range's end, {Parameter.Name} = {Parameter.Format(Last!.Value, Res)} ({Rate(Last.WorstKeyRateBitPerS)}); widen it with --to",
                _ => $"no boundary in range: the {target} is met up to {Parameter.Name} = {Parameter.Format(Last!.Value, Res)} ({Rate(Last.WorstKeyRateBitPerS)}), the largest valid value; {Parameter.Format(First!.Value, Res)} is invalid: {First.Invalid}",
            };
        }
    }

    private double? Res => Parameter.IsInteger ? null : Resolution;

    /// <summary>A rate in bit/s: whole bit/s from 1,000 up, 4 significant digits below.</summary>
    public static string Rate(double? bitPerS) => bitPerS is double r
        ? (Math.Abs(r) >= 1000 ? r.ToString("N0", CultureInfo.InvariantCulture) : r.ToString("G4", CultureInfo.InvariantCulture)) + " bit/s"
        : "none";
}

/// <summary>
/// The capacity search (`qkdnetsim capacity`): the largest value of a parameter at which the worst unit's finite-key rate
/// (<see cref="INetworkKind.WorstKeyRateBitPerS"/> of the kind's model engine, <see cref="INetworkKind.Model"/>) still
/// reaches a target, for any kind with a model; it never names a kind.
/// </summary>
/// <remarks>
/// Assumption: the worst rate does not increase with the parameter over the range (more users, longer fibres, noisier
/// detectors give no more key), so "meets the target" holds on [start, boundary] and fails beyond. The search checks the
/// start, then brackets: it steps up from the start by 1, 2, 4, ... (integers) or by (end - start) 2^-20 doubling
/// (continuous), up to the range's end, until a value misses the target; then it bisects [last met, first missed] to the
/// resolution (1 for integers; the tolerance, by default 1e-4 of the bracket, otherwise). A value the scenario rejects
/// (an InputError from loading it, e.g. more active users than time bins) counts as missing the target, and is reported as
/// the range's valid limit, not as a boundary. If the rate is not monotonic the search finds one crossing, not all.
/// </remarks>
public static class CapacitySearch
{
    /// <param name="load">Loads the base scenario (file and its `--set` overrides) with extra overrides.</param>
    public static CapacityResult Run(INetworkKind kind, Func<IReadOnlyList<string>, IRunScenario> load, CapacityQuery query, CancellationToken cancel = default)
    {
        if (!kind.HasModel)
            throw new InputError("command line", "--maximize", $"the {kind.Name} kind has no model engine: the capacity search needs one");
        if (!(query.TargetKeyRateBitPerS > 0) || !double.IsFinite(query.TargetKeyRateBitPerS))
            throw new InputError("command line", "--target-key-rate", $"must be > 0 and finite, got {query.TargetKeyRateBitPerS}");
        var p = SearchParameter.Resolve(kind, query.Parameter, query.From, query.To, query.Integer);
        var baseScenario = load([]);
        double target = query.TargetKeyRateBitPerS;
        var evaluations = new List<CapacityEvaluation>();
        ulong seed = 0;

        CapacityEvaluation Eval(double x, bool start = false)
        {
            cancel.ThrowIfCancellationRequested();
            CapacityEvaluation e;
            try
            {
                var summary = kind.Model(load(p.Overrides(baseScenario, x)), cancel);
                seed = summary.Seed;
                double? rate = kind.WorstKeyRateBitPerS(summary);
                e = new CapacityEvaluation(x, rate, rate is null ? $"no {kind.UnitsKey} to give key" : null);
            }
            catch (InputError error) when (!start)
            {
                e = new CapacityEvaluation(x, null, error.Message);
            }
            evaluations.Add(e);
            return e;
        }

        CapacityResult Result(CapacityOutcome outcome, CapacityEvaluation? last, CapacityEvaluation? first, double resolution) =>
            new(p, kind.UnitsKey.TrimEnd('s'), target, outcome, last, first, resolution,
                last is null ? [] : p.Overrides(baseScenario, last.Value), seed, evaluations);

        double lo = p.Minimum, hi = p.Maximum;
        var pass = Eval(lo, start: true);
        if (!pass.Meets(target)) return Result(CapacityOutcome.BelowTargetAtStart, null, pass, 0);

        CapacityEvaluation fail;
        for (double step = p.IsInteger ? 1 : (hi - lo) / (1 << 20); ; step *= 2)
        {
            var e = Eval(Math.Min(lo + step, hi));
            if (!e.Meets(target))
            {
                fail = e;
                break;
            }
            pass = e;
            if (e.Value >= hi) return Result(CapacityOutcome.MetThroughout, pass, null, 0);
        }

        double resolution = p.IsInteger ? 1 : query.Tolerance ?? (fail.Value - lo) * 1e-4;
        while (fail.Value - pass.Value > resolution)
        {
            double mid = p.IsInteger ? Math.Floor((pass.Value + fail.Value) / 2) : (pass.Value + fail.Value) / 2;
            var e = Eval(mid);
            if (e.Meets(target)) pass = e;
            else fail = e;
        }
        return Result(fail.Invalid is null ? CapacityOutcome.Boundary : CapacityOutcome.MetUpToValidLimit, pass, fail, resolution);
    }

    /// <summary>Units whose model rates lie within this fraction of the worst are tied with it (statistically equal units).</summary>
    public const double TieRelative = 1e-6;

    /// <summary>
    /// Simulates the boundary <paramref name="repeats"/> times (seeds: successive SplitMix64 outputs of the scenario's seed;
    /// no log) through <see cref="RunPipeline"/> into OUT/repeat=R. The statistic compared with the target is the simulated
    /// rate of the units the model ranks worst at the boundary (those within <see cref="TieRelative"/> of the worst, pooled
    /// per session): the minimum over several statistically equal units would lie below their common rate by the order
    /// statistics of their spread, so it would not test the model. Kinds that do not give per-unit rates
    /// (<see cref="INetworkKind.UnitKeyRatesBitPerS"/>) fall back to the worst unit of each session. Error bar: the standard
    /// error of the mean over sessions (sample standard deviation / sqrt(repeats): independent sessions, so it covers every
    /// fluctuation of the simulation and the analysis, and the units' correlations within a session), and the 95 % interval
    /// mean +- t SE (Student t, repeats - 1 degrees of freedom).
    /// </summary>
    public static CapacityConfirmation Confirm(INetworkKind kind, Func<IReadOnlyList<string>, IRunScenario> load, CapacityResult result, int repeats,
        string outDir, Action<double>? progress = null, CancellationToken cancel = default)
    {
        if (result.Last is null) throw new InputError("command line", "--confirm", "there is no boundary to confirm (" + result.Message + ")");
        if (repeats < 2) throw new InputError("command line", "--repeats", $"must be at least 2 (a standard error needs two sessions), got {repeats}");
        var modelRates = kind.UnitKeyRatesBitPerS(kind.Model(load(result.BoundaryOverrides), cancel));
        int[]? worst = null;
        if (modelRates is { Count: > 0 })
        {
            double min = modelRates.Min();
            worst = Enumerable.Range(0, modelRates.Count).Where(i => modelRates[i] <= min + TieRelative * Math.Abs(min)).ToArray();
        }
        ulong state = result.Seed;
        var seeds = new ulong[repeats];
        var rates = new double[repeats];
        var lowest = new double[repeats];
        for (int r = 0; r < repeats; r++)
        {
            seeds[r] = SplitMix64.Next(ref state);
            var scenario = load([.. result.BoundaryOverrides, $"seed={seeds[r]}", "log.enabled=false"]);
            int done = r;
            var summary = RunPipeline.Execute(kind, scenario, Path.Combine(outDir, $"repeat={r}"), f => progress?.Invoke((done + f) / repeats), cancel);
            if (summary.WasInterrupted()) throw new OperationCanceledException(cancel);
            lowest[r] = kind.WorstKeyRateBitPerS(summary) ?? double.NaN;
            var simulated = kind.UnitKeyRatesBitPerS(summary);
            rates[r] = worst is not null && simulated?.Count == modelRates!.Count ? worst.Average(i => simulated[i]) : lowest[r];
        }
        double mean = rates.Average();
        double sd = Math.Sqrt(rates.Sum(x => (x - mean) * (x - mean)) / (repeats - 1));
        double se = sd / Math.Sqrt(repeats);
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, repeats - 1, 0.975);
        return new CapacityConfirmation(result.Last.Value, kind.UnitsKey.TrimEnd('s'), worst?.Length, seeds, rates, lowest, mean, se,
            mean - t * se, mean + t * se, result.TargetKeyRateBitPerS, outDir);
    }
}

/// <summary>The simulated check of a boundary: per session, the rate of the model's worst units and the lowest unit's rate; their statistics.</summary>
/// <param name="PooledUnits">How many units the model ranks worst (tied) and the statistic pools; null when the kind gives no per-unit rates.</param>
/// <param name="KeyRatesBitPerS">Per session: the mean simulated rate of the pooled units (or the worst unit's rate).</param>
/// <param name="LowestKeyRatesBitPerS">Per session: the lowest unit's simulated rate.</param>
public sealed record CapacityConfirmation(double Value, string Unit, int? PooledUnits, IReadOnlyList<ulong> Seeds, IReadOnlyList<double> KeyRatesBitPerS,
    IReadOnlyList<double> LowestKeyRatesBitPerS, double MeanBitPerS, double StandardErrorBitPerS, double Interval95LowBitPerS, double Interval95HighBitPerS,
    double TargetKeyRateBitPerS, string OutDir)
{
    /// <summary>Whether the target lies within the simulated 95 % interval.</summary>
    public bool TargetWithin => TargetKeyRateBitPerS >= Interval95LowBitPerS && TargetKeyRateBitPerS <= Interval95HighBitPerS;

    public string Message =>
        (PooledUnits is int n ? $"simulated rate of the model's worst {Unit}{(n > 1 ? $"s ({n} tied, pooled)" : "")}" : $"simulated worst-{Unit} rate")
        + $" {CapacityResult.Rate(MeanBitPerS)} +- {CapacityResult.Rate(StandardErrorBitPerS)} (standard error over {KeyRatesBitPerS.Count} sessions); "
        + $"its 95 % interval [{CapacityResult.Rate(Interval95LowBitPerS)}, {CapacityResult.Rate(Interval95HighBitPerS)}] "
        + (TargetWithin ? "contains" : "does not contain") + $" the target {CapacityResult.Rate(TargetKeyRateBitPerS)}"
        + (PooledUnits is > 1 ? $"; the lowest single {Unit} per session averages {CapacityResult.Rate(LowestKeyRatesBitPerS.Average())}" : "");
}
