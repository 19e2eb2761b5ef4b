using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>Polarization loop settings: update interval T, probe dither d (rad), gain g.</summary>
public sealed record PolarizationControlParameters
{
    public PolarizationControlParameters(double updateIntervalS, double ditherRad, double gain = 1)
    {
        if (!(updateIntervalS > 0) || !double.IsFinite(updateIntervalS)) throw new ArgumentOutOfRangeException(nameof(updateIntervalS), updateIntervalS, "must be finite and > 0 s");
        if (!(ditherRad > 0 && ditherRad < Math.PI / 4)) throw new ArgumentOutOfRangeException(nameof(ditherRad), ditherRad, "must be in (0, pi/4) rad");
        if (!(gain > 0 && gain < 2)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "must be in (0, 2)");
        UpdateIntervalS = updateIntervalS;
        DitherRad = ditherRad;
        Gain = gain;
    }

    public double UpdateIntervalS { get; }
    public double DitherRad { get; }
    public double Gain { get; }
}

/// <summary>
/// A transmitter's polarization controller (seed 004 Methods: polarization is pre-compensated "to achieve maximum count
/// rate at the receiver"), acting only on the clicked gates of its own bin. The count rate is proportional to the overlap
/// cos^2(delta) (Optics/Drift/PolarizationDrift; delta = psi - correction). Each interval is four quarters probed at
/// correction +d, -d, -d, +d: the Walsh pattern orthogonal to the timing loop's (+, +, -, -) halves, so with equal
/// intervals each loop's log-count ratio cancels the other's dither exactly (the rate is a product of the two factors).
/// With r = c_+ / c_- (quarters 1+4 over 2+3): cos(delta - d) / cos(delta + d) = sqrt(r) gives exactly
/// tan(delta) = (sqrt r - 1) / ((sqrt r + 1) tan d); the correction moves by g delta_hat.
/// Residual (<see cref="LoopResidual"/>): near delta = 0, ln r ~ 4 d delta with Var ln r ~ 1/c_+ + 1/c_- = 4/c (c the
/// interval's counts), so s^2 = 1/(4 c d^2); the mean square angle is V_y + D T/2 plus d^2 from the dither, and the mean
/// overlap loss 1 - &lt;cos^2&gt; ~ &lt;delta^2&gt; + d^2. Counts of satellites and noise in the bin flatten r (smaller gain), left out.
/// </summary>
public sealed class PolarizationController
{
    private readonly LinkComposer _composer;
    private readonly ControlledLink _link;
    private static readonly int[] Signs = [1, -1, -1, 1];
    private readonly ControlObservations _obs;

    public PolarizationController(PolarizationControlParameters parameters, LinkComposer composer, ControlledLink link, ControlObservations observations)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _composer = composer;
        _link = link;
        _obs = observations;
    }

    public PolarizationControlParameters Parameters { get; }

    public long Updates { get; private set; }

    /// <summary>s^2 = 1 / (4 c d^2) for c clicked gates per interval, rad^2.</summary>
    public double EstimateVariance(double countsPerInterval) => 1 / (4 * countsPerInterval * Parameters.DitherRad * Parameters.DitherRad);

    /// <summary>Mean square angle the loop holds, without the dither, for an angle diffusion D (rad^2/s), rad^2.</summary>
    public double PredictedMeanSquareRad2(double diffusionRad2PerS, double countsPerInterval) =>
        LoopResidual.MeanSquare(diffusionRad2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(countsPerInterval));

    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        int bin = _link.User.Slot;
        long periodPs = (long)Math.Round(p.UpdateIntervalS * Periods.PsPerSecond);
        long quarterPs = Math.Max(1, periodPs / 4), lastPs = Math.Max(1, periodPs - 3 * quarterPs);
        var counts = new long[2];
        while (!session.Stopping)
        {
            counts[0] = counts[1] = 0;
            bool stopped = false;
            for (int q = 0; q < 4; q++)
            {
                long start = _obs.BinClicks(bin);
                _link.PolarizationDitherRad = Signs[q] * p.DitherRad;
                _composer.Apply(_link);
                yield return Await.Timeout(q < 3 ? quarterPs : lastPs);
                if (session.Stopping) { stopped = true; break; }
                counts[Signs[q] > 0 ? 0 : 1] += _obs.BinClicks(bin) - start;
            }
            if (stopped) break;
            if (counts[0] > 0 && counts[1] > 0)
            {
                double sr = Math.Sqrt((double)counts[0] / counts[1]);
                _link.PolarizationCorrectionRad += p.Gain * Math.Atan((sr - 1) / ((sr + 1) * Math.Tan(p.DitherRad)));
                Updates++;
            }
        }
        _link.PolarizationDitherRad = 0;
    }
}
