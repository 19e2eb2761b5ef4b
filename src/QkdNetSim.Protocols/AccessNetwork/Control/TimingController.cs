using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>Delay loop settings: update interval T, dither d (ps), gain g, largest fine step per update (ps).</summary>
public sealed record TimingControlParameters
{
    public TimingControlParameters(double updateIntervalS, double ditherPs, double gain = 1, double maxStepPs = double.PositiveInfinity)
    {
        if (!(updateIntervalS > 0) || !double.IsFinite(updateIntervalS)) throw new ArgumentOutOfRangeException(nameof(updateIntervalS), updateIntervalS, "must be finite and > 0 s");
        if (!(ditherPs > 0) || !double.IsFinite(ditherPs)) throw new ArgumentOutOfRangeException(nameof(ditherPs), ditherPs, "must be finite and > 0 ps");
        if (!(gain > 0 && gain < 2)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "must be in (0, 2)");
        if (!(maxStepPs > 0)) throw new ArgumentOutOfRangeException(nameof(maxStepPs), maxStepPs, "must be > 0 ps");
        UpdateIntervalS = updateIntervalS;
        DitherPs = ditherPs;
        Gain = gain;
        MaxStepPs = maxStepPs;
    }

    public double UpdateIntervalS { get; }
    public double DitherPs { get; }
    public double Gain { get; }
    public double MaxStepPs { get; }
}

/// <summary>
/// A transmitter's variable delay (seed 004 Methods: "A variable time delay implemented in each transmitter permits control
/// of the alignment continuously with a feedback signal generated from the detector count rate"), acting only on the
/// clicked gates of its own time bin and the two neighbouring bins. Fine loop: a two-point delay dither, the first half of
/// each interval at residual x - d, the second at x + d (x = static offset + drift - correction). The gate window is
/// Gaussian, R(x) = exp(-a x^2) with a = 4 ln 2 / FWHM^2 (Optics/GateTiming), so ln c_1 - ln c_2 = 4 a d x exactly and
/// x_hat = (ln c_1 - ln c_2) / (4 a d); the correction moves by g x_hat, at most <see cref="TimingControlParameters.MaxStepPs"/>.
/// Coarse loop: light more than about half a gate late lands in the next gate, the next bin; when a neighbouring bin
/// clicked more than the user's own over the interval, the correction moves by one gate period towards it (assumption: the
/// neighbours' own light is weaker than the user's aligned light; with empty neighbouring bins, as in seed 004's two users on
/// eight bins, only noise competes).
/// Residual (<see cref="LoopResidual"/>): Var ln c ~ 1/c for Poisson counts, so the estimate's variance is
/// s^2 = (1/c_1 + 1/c_2) / (4 a d)^2 ~ 2 / (c (4 a d)^2) with c the counts per half; the mean square offset is
/// V_y + D T/2 (D the arrival offset's diffusion, ps^2/s) plus d^2 from the dither. Noise clicks in the bin flatten the
/// log-ratio (a smaller effective gain), left out.
/// </summary>
public sealed class TimingController
{
    private readonly LinkComposer _composer;
    private readonly ControlledLink _link;
    private readonly ControlObservations _obs;
    private readonly int _bin, _earlierBin, _laterBin;
    private readonly double _a, _gatePeriodPs;

    public TimingController(TimingControlParameters parameters, LinkComposer composer, ControlledLink link, ControlObservations observations,
        int timeBins, double gateWindowFwhmPs, double gatePeriodPs)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _composer = composer;
        _link = link;
        _obs = observations;
        _bin = link.User.Slot;
        _earlierBin = (_bin - 1 + timeBins) % timeBins;
        _laterBin = (_bin + 1) % timeBins;
        _a = 4 * Math.Log(2) / (gateWindowFwhmPs * gateWindowFwhmPs);
        _gatePeriodPs = gatePeriodPs;
    }

    public TimingControlParameters Parameters { get; }

    public long Updates { get; private set; }

    /// <summary>s^2 = 2 / (c (4 a d)^2) for c clicked gates per probe half, ps^2.</summary>
    public double EstimateVariance(double countsPerHalf)
    {
        double k = 4 * _a * Parameters.DitherPs;
        return 2 / (countsPerHalf * k * k);
    }

    /// <summary>Mean square offset the loop holds, without the dither, for an offset diffusion D (ps^2/s), ps^2.</summary>
    public double PredictedMeanSquarePs2(double diffusionPs2PerS, double countsPerHalf) =>
        LoopResidual.MeanSquare(diffusionPs2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(countsPerHalf));

    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        long periodPs = (long)Math.Round(p.UpdateIntervalS * Periods.PsPerSecond);
        long firstHalfPs = Math.Max(1, periodPs / 2), secondHalfPs = Math.Max(1, periodPs - firstHalfPs);
        while (!session.Stopping)
        {
            long own0 = _obs.BinClicks(_bin), early0 = _obs.BinClicks(_earlierBin), late0 = _obs.BinClicks(_laterBin);
            Dither(+p.DitherPs);
            yield return Await.Timeout(firstHalfPs);
            if (session.Stopping) break;
            long own1 = _obs.BinClicks(_bin);
            Dither(-p.DitherPs);
            yield return Await.Timeout(secondHalfPs);
            if (session.Stopping) break;
            long own2 = _obs.BinClicks(_bin);
            long c1 = own1 - own0, c2 = own2 - own1, own = c1 + c2;
            long early = _obs.BinClicks(_earlierBin) - early0, late = _obs.BinClicks(_laterBin) - late0;
            if (_earlierBin != _bin && Math.Max(early, late) > own)
                _link.DelayCorrectionPs += late >= early ? _gatePeriodPs : -_gatePeriodPs; // light in the next (previous) gate: it is late (early)
            else if (c1 > 0 && c2 > 0)
            {
                double x = (Math.Log(c1) - Math.Log(c2)) / (4 * _a * p.DitherPs);
                _link.DelayCorrectionPs += Math.Clamp(p.Gain * x, -p.MaxStepPs, p.MaxStepPs);
            }
            Updates++;
        }
        Dither(0);
    }

    // Dither +d lowers the offset: DelayDitherPs enters the state as "- dither", so the first half sees x - d.
    private void Dither(double ditherPs)
    {
        _link.DelayDitherPs = ditherPs;
        _composer.Apply(_link);
    }
}
