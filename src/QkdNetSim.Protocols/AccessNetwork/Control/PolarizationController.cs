using QkdNetSim.Core.Kernel;

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
/// cos^2(delta) (Optics/Drift/PolarizationDrift; delta = psi - correction). Each interval is eight windows probed at
/// correction +d or -d (<see cref="ProbePattern.Eighths"/>: orthogonal to the timing loop's pattern, and blind to a steady
/// drift). With ln r = sum_q s_q ln c_q / 4 (the mean log ratio of the four +/- pairs), cos(delta - d) / cos(delta + d) =
/// sqrt(r) gives exactly tan(delta) = (sqrt r - 1) / ((sqrt r + 1) tan d); the correction moves by g delta_hat.
/// Residual (<see cref="LoopResidual"/>): near delta = 0, ln r ~ 4 d delta with Var ln r ~ sum_q (1/c_q) / 16 = 4/c (c the
/// interval's counts), so s^2 = 1/(4 c d^2); the mean square angle is V_y + D T/2 plus d^2 from the dither, and the mean
/// overlap loss 1 - &lt;cos^2&gt; ~ &lt;delta^2&gt; + d^2. A wandering arrival offset x also moves the bin's rate, ln R = -a x^2
/// (Optics/GateTiming, a = 4 ln 2 / FWHM^2): with x = x0 + W (diffusion D_x) the pattern's sum picks up -2 a x0 sum_q s_q W_q
/// (W_q the window means), and for this pattern Var(sum_q s_q W_q) = D_x T/3, so ln r gains variance a^2 &lt;x^2&gt; D_x T/12 and
/// delta_hat that over 16 d^2 (<see cref="TimingWanderEstimateVariance"/>; &lt;x^2&gt; includes the timing dither). Assumptions:
/// D T &lt;&lt; d^2; intensity drift slow over an interval; satellites and noise counted in the bin flatten r (smaller gain), left out.
/// Hold: as the timing loop (<see cref="TimingController"/>), no update while the interval's counts are below a quarter of
/// the decaying reference (a cut link, a silent transmitter).
/// </summary>
public sealed class PolarizationController
{
    private readonly LinkComposer _composer;
    private readonly ControlledLink _link;
    private readonly ControlObservations _obs;
    private double _referenceCounts;

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

    /// <summary>Extra estimate variance a^2 &lt;x^2&gt; D_x T / (12 x 16 d^2) from a wandering arrival offset, rad^2.</summary>
    public double TimingWanderEstimateVariance(double offsetMeanSquarePs2, double offsetDiffusionPs2PerS, double gateWindowFwhmPs)
    {
        double a = 4 * Math.Log(2) / (gateWindowFwhmPs * gateWindowFwhmPs), d = Parameters.DitherRad;
        return a * a * offsetMeanSquarePs2 * offsetDiffusionPs2PerS * Parameters.UpdateIntervalS / 12 / (16 * d * d);
    }

    /// <summary>
    /// Mean square angle the loop holds, without the dither, for an angle diffusion D (rad^2/s), rad^2;
    /// <paramref name="extraEstimateVariance"/> adds other noise of the estimate (e.g. <see cref="TimingWanderEstimateVariance"/>).
    /// </summary>
    public double PredictedMeanSquareRad2(double diffusionRad2PerS, double countsPerInterval, double extraEstimateVariance = 0) =>
        LoopResidual.MeanSquare(diffusionRad2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(countsPerInterval) + extraEstimateVariance);

    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        int bin = _link.User.Slot;
        var pattern = ProbePattern.Eighths;
        var counts = new long[pattern.Length];
        while (!session.Stopping)
        {
            for (int q = 0; q < pattern.Length; q++)
            {
                long start = _obs.BinClicks(bin);
                _link.PolarizationDitherRad = pattern[q] * p.DitherRad;
                _composer.Apply(_link);
                yield return Await.Timeout(ProbePattern.WindowPs(p.UpdateIntervalS, pattern.Length, q));
                if (session.Stopping) break;
                counts[q] = _obs.BinClicks(bin) - start;
            }
            if (session.Stopping) break;
            long own = counts.Sum();
            bool hold = own < _referenceCounts / 4;
            _referenceCounts = Math.Max(own, 0.9 * _referenceCounts);
            if (!hold && counts.All(c => c > 0))
            {
                double lnR = 0;
                for (int q = 0; q < pattern.Length; q++) lnR += pattern[q] * Math.Log(counts[q]);
                double sr = Math.Exp(lnR / pattern.Length); // sqrt(r), r = exp(sum / 4)
                _link.PolarizationCorrectionRad += p.Gain * Math.Atan((sr - 1) / ((sr + 1) * Math.Tan(p.DitherRad)));
                Updates++;
            }
        }
        _link.PolarizationDitherRad = 0;
    }
}
