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
/// Emitted pulses per block are the engine's own, exact: it closes its emission interval at every block end and draws the
/// intensities of the pulses it never looked at under the law they were sent with (<see cref="AccessNetworkEngine.CloseEmissionInterval"/>).
/// </remarks>
public static class TimeSeriesBuilder
{
    /// <param name="state">
    /// Link and controller state at the end of block j of active user a (a position in <see cref="TimeSeriesTally.Users"/>),
    /// called as state(j, a); null: static devices (the nominal link state).
    /// </param>
    /// <param name="disclosed">Bits user u disclosed from block j's gates, called as disclosed(u, j); null: none.</param>
    /// <param name="emitted">Pulses per intensity user u emitted in block j, called as emitted(j, u).</param>
    public static IReadOnlyList<TimeSeriesRow> Build(RunManifest m, AccessNetworkConfig config, TimeSeriesTally tally, string file,
        Func<int, int, LinkSnapshot>? state, Func<int, int, DisclosedCounts>? disclosed, Func<int, int, long[]> emitted)
    {
        var blocks = tally.Complete(m.SimulatedGates);
        var rows = new TimeSeriesRow[blocks.Count * tally.Users.Count];
        long periodPs = config.GatePeriodPs;
        for (int a = 0; a < tally.Users.Count; a++)
        {
            var mu = m.Users.Single(u => u.Index == tally.Users[a]);
            var user = config.Users[mu.Index];
            for (int j = 0; j < blocks.Count; j++)
            {
                var b = blocks[j];
                var c = b.Users[a];
                double durationS = Periods.ToSeconds((b.EndGate - b.StartGate) * periodPs);
                var end = state?.Invoke(j, a) ?? Nominal(user);
                var gone = disclosed?.Invoke(mu.Index, j);
                var pulses = emitted(j, mu.Index);
                var r = SummaryBuilder.AnalyzeUser(m, mu, c.Sifted, c.Errors, pulses, durationS, file, gone);
                rows[j * tally.Users.Count + a] = new TimeSeriesRow(
                    mu.Index, mu.Name, b.Block, b.StartGate, b.EndGate,
                    Periods.ToSeconds(b.StartGate * periodPs), Periods.ToSeconds(b.EndGate * periodPs), b.Interrupted,
                    pulses, c.Detections, c.Sifted, c.Errors,
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
}
