using QkdNetSim.Core.Units;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Protocols.AccessNetwork.Control;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// One row of timeseries.parquet: one active user in one block (columns in <see cref="TimeSeriesWriter"/>). Decoy
/// estimates are null when the block is not analysed (no sifted bit, or not three intensities); QBERs are null without a
/// sifted bit at the signal intensity.
/// </summary>
public sealed record TimeSeriesRow(
    int User, string UserName, int Block, long StartGate, long EndGate, double StartS, double EndS, bool Interrupted,
    long[] Emitted, long[] Detections, long[][] Sifted, long[][] Errors,
    double? QberB0, double? QberB1, double? QberSignal,
    double[]? VacuumBitsLower, double[]? SinglePhotonBitsLower, double[]? SinglePhotonErrorRate, double[]? PhaseErrorUpper,
    double FiniteKeyBits, double KeyRateBps, long DisclosedBits,
    double PhaseErrorRad, double DelayOffsetPs, double PolarizationOverlap,
    double PhaseBiasRad = 0, double DelayCorrectionPs = 0, double PolarizationCorrectionRad = 0,
    double IntensityFactor = 1, double TransmittanceFactor = 1, bool Active = true);

/// <summary>
/// Turns a run's block counts (<see cref="TimeSeriesTally"/>) into rows: each block's emitted pulses per intensity, the
/// QBERs, and the decoy-BB84 finite-key analysis of the block's counts through <see cref="SummaryBuilder.AnalyzeUser"/>,
/// the summary's own analysis, with the block's pulses and duration.
/// </summary>
/// <remarks>
/// Emitted pulses per block. A user's pulses in a block are exact (one per frame of N gates: <see cref="AccessNetworkConfig.PulsesInSlot"/>),
/// and so are the intensities of the pulses whose gate clicked (the block's detections). The engine draws the intensities
/// of the other pulses only in total, at the end of the run (the summary's emittedPulses). Those pulses' intensities are
/// i.i.d. from one law for the whole of a static session (given no observed click), so given the run's totals M_k their
/// split over blocks is multivariate hypergeometric with block sizes r_j (the block's pulses without a click); each block
/// gets the conditional mean M_k r_j / R, rounded by largest remainder taken block after block from what is left, so the
/// blocks sum exactly to the summary's emittedPulses and one block equals it. Assumption: the hypergeometric spread is
/// left out (relative size about 1/sqrt(r_j p_k): 1.4 % of a vacuum-decoy count of 5,000); with a hold-off the held-off
/// primaries count among the non-clicked pulses. Drifting sessions will need the engine's own per-block counts.
/// </remarks>
public static class TimeSeriesBuilder
{
    /// <param name="state">
    /// Link and controller state at the end of block j of active user a (a position in <see cref="TimeSeriesTally.Users"/>),
    /// called as state(j, a); null: static devices (the nominal link state).
    /// </param>
    /// <param name="disclosed">Bits user u disclosed from block j's gates, called as disclosed(u, j); null: none.</param>
    public static IReadOnlyList<TimeSeriesRow> Build(RunManifest m, AccessNetworkConfig config, TimeSeriesTally tally, string file,
        Func<int, int, LinkSnapshot>? state = null, Func<int, int, DisclosedCounts>? disclosed = null)
    {
        var blocks = tally.Complete(m.SimulatedGates);
        var rows = new TimeSeriesRow[blocks.Count * tally.Users.Count];
        long periodPs = config.GatePeriodPs;
        for (int a = 0; a < tally.Users.Count; a++)
        {
            var mu = m.Users.Single(u => u.Index == tally.Users[a]);
            var user = config.Users[mu.Index];
            var emitted = SplitEmitted(blocks, a, mu.EmittedPulses, (s, e) => config.PulsesInSlot(user.Slot, e) - config.PulsesInSlot(user.Slot, s));
            for (int j = 0; j < blocks.Count; j++)
            {
                var b = blocks[j];
                var c = b.Users[a];
                double durationS = Periods.ToSeconds((b.EndGate - b.StartGate) * periodPs);
                var end = state?.Invoke(j, a) ?? Nominal(user);
                var gone = disclosed?.Invoke(mu.Index, j);
                var (kn, ke) = SummaryBuilder.WithoutDisclosed(c.Sifted, c.Errors, gone);
                var r = SummaryBuilder.AnalyzeUser(m, mu, kn, ke, emitted[j], durationS, file);
                rows[j * tally.Users.Count + a] = new TimeSeriesRow(
                    mu.Index, mu.Name, b.Block, b.StartGate, b.EndGate,
                    Periods.ToSeconds(b.StartGate * periodPs), Periods.ToSeconds(b.EndGate * periodPs), b.Interrupted,
                    emitted[j], c.Detections, c.Sifted, c.Errors,
                    Ratio(c.Errors[0][0], c.Sifted[0][0]), Ratio(c.Errors[1][0], c.Sifted[1][0]),
                    Ratio(c.Errors[0][0] + c.Errors[1][0], c.Sifted[0][0] + c.Sifted[1][0]),
                    r?.Finite.Select(k => k.S0LowerBits).ToArray(), r?.Finite.Select(k => k.S1LowerBits).ToArray(),
                    r?.SinglePhotonErrorRateFinite.ToArray(), r?.Finite.Select(k => k.PhaseErrorUpper).ToArray(),
                    r?.FiniteKeyLengthBits ?? 0, r?.FiniteKeyRateBitPerS ?? 0,
                    DisclosedBits: gone?.Total ?? 0,
                    PhaseErrorRad: end.State.PhaseErrorRad, DelayOffsetPs: end.State.TimingOffsetPs, PolarizationOverlap: end.State.PolarizationOverlap,
                    PhaseBiasRad: end.PhaseBiasRad, DelayCorrectionPs: end.DelayCorrectionPs, PolarizationCorrectionRad: end.PolarizationCorrectionRad,
                    IntensityFactor: end.State.IntensityFactor, TransmittanceFactor: end.State.TransmittanceFactor, Active: end.State.Active);
            }
        }
        return rows;
    }

    private static LinkSnapshot Nominal(AccessUser user) => new(LinkState.Nominal(user), 0, 0, 0);

    private static double? Ratio(long errors, long sifted) => sifted > 0 ? (double)errors / sifted : null;

    /// <summary>
    /// Emitted pulses [block][intensity] of active user <paramref name="a"/>: clicked pulses exactly, the others by the
    /// conditional-mean split of the run's totals (class remarks). Sums over blocks to <paramref name="totals"/>.
    /// </summary>
    internal static long[][] SplitEmitted(IReadOnlyList<BlockCounts> blocks, int a, long[] totals, Func<long, long, long> pulses)
    {
        int levels = totals.Length;
        var rest = new long[levels]; // M_k: pulses of intensity k without a click, still to place
        for (int k = 0; k < levels; k++) rest[k] = totals[k];
        var quiet = new long[blocks.Count]; // r_j: pulses without a click in block j
        long restTotal = 0;
        for (int j = 0; j < blocks.Count; j++)
        {
            var d = blocks[j].Users[a].Detections;
            quiet[j] = pulses(blocks[j].StartGate, blocks[j].EndGate);
            for (int k = 0; k < levels; k++) { quiet[j] -= d[k]; rest[k] -= d[k]; }
            restTotal += quiet[j];
        }
        if (rest.Any(x => x < 0) || quiet.Any(x => x < 0) || rest.Sum() != restTotal)
            throw new InvalidOperationException("time series: block pulses and clicks do not add up to the run's emitted pulses");

        var result = new long[blocks.Count][];
        var remainder = new Int128[levels];
        for (int j = 0; j < blocks.Count; j++)
        {
            var share = result[j] = new long[levels];
            var d = blocks[j].Users[a].Detections;
            long placed = 0;
            for (int k = 0; k < levels && restTotal > 0; k++)
            {
                Int128 num = (Int128)rest[k] * quiet[j];
                share[k] = (long)(num / restTotal);
                remainder[k] = num % restTotal;
                placed += share[k];
            }
            for (long left = quiet[j] - placed; left > 0; left--) // largest remainders first, ties to the lower intensity
            {
                int best = -1;
                for (int k = 0; k < levels; k++)
                    if (remainder[k] > 0 && (best < 0 || remainder[k] > remainder[best])) best = k;
                share[best]++;
                remainder[best] = 0;
            }
            for (int k = 0; k < levels; k++) { rest[k] -= share[k]; share[k] += d[k]; }
            restTotal -= quiet[j];
        }
        return result;
    }
}
