using QkdNetSim.Core.Kernel;

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
/// clicked gates of its own time bin and the two neighbouring bins. Fine loop: a two-point delay dither over four windows at
/// residual x - d, x + d, x + d, x - d (<see cref="ProbePattern.Quarters"/>; x = static offset + drift - correction). The
/// gate window is Gaussian, R(x) = exp(-a x^2) with a = 4 ln 2 / FWHM^2 (Optics/GateTiming), so for each pair of windows
/// ln c_+ - ln c_- = 4 a d x exactly, and x_hat = sum_q s_q ln c_q / (2 x 4 a d); the correction moves by g x_hat, at most
/// <see cref="TimingControlParameters.MaxStepPs"/>.
/// Coarse loop: light more than about half a gate late lands in the next gate, the next bin; when a neighbouring bin
/// clicked more than four times as often as the user's own over the interval (and by 5 Poisson standard deviations), the
/// user's light has left its bin and the correction moves by one gate period towards it. The factor 4 keeps occupied
/// neighbours apart: an aligned neighbouring user of about the user's brightness clicks about as often as the user's own
/// bin (ratio ~1), while the user's light in that bin adds to it and leaves its own bin with noise only. Assumption: no
/// neighbouring user is four times brighter than the user (in seed 004's networks all users are within a few dB).
/// A dark own bin next to a bright neighbour is a coarse step only if that neighbour rose over its level while the user was
/// locked (a running mean over locked intervals): a cut drop leaves the neighbours where they were, moved light raises one.
/// A transmitter that has left the network (schedule) does not update.
/// Hold: when the interval's own counts fall below a quarter of a reference (the counts of earlier updates, decaying by
/// 0.9 per update, so a lasting loss step is followed within ~10 updates), the link is taken as cut or the transmitter as
/// silent, and the fine loop holds rather than chase the noise.
/// Residual (<see cref="LoopResidual"/>): Var ln c ~ 1/c for Poisson counts, so with c/4 counts per window the estimate's
/// variance is s^2 = (4 x 4/c) / 4 / (4 a d)^2 = 4 / (c (4 a d)^2), c the interval's counts; the mean square offset is
/// V_y + D T/2 (D the arrival offset's diffusion, ps^2/s) plus d^2 from the dither. Assumptions: D T &lt;&lt; d^2 (the
/// drift's wiggle within an interval is small next to the dither); noise clicks in the bin flatten the log-ratio (a
/// smaller effective gain), left out.
/// </summary>
public sealed class TimingController
{
    private readonly LinkComposer _composer;
    private readonly ControlledLink _link;
    private readonly ControlObservations _obs;
    private readonly int _bin, _earlierBin, _laterBin;
    private readonly double _a, _gatePeriodPs;
    private double _referenceCounts;
    private double _earlierLevel = double.NaN, _laterLevel = double.NaN; // neighbours' counts per interval while locked (running mean)

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

    /// <summary>Update intervals completed so far: fine updates, coarse steps and held intervals alike.</summary>
    public long Updates { get; private set; }

    /// <summary>s^2 = 4 / (c (4 a d)^2) for c clicked gates of the bin per interval, ps^2.</summary>
    public double EstimateVariance(double countsPerInterval)
    {
        double k = 4 * _a * Parameters.DitherPs;
        return 4 / (countsPerInterval * k * k);
    }

    /// <summary>Mean square offset the loop holds, without the dither, for an offset diffusion D (ps^2/s), ps^2.</summary>
    public double PredictedMeanSquarePs2(double diffusionPs2PerS, double countsPerInterval) =>
        LoopResidual.MeanSquare(diffusionPs2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(countsPerInterval));

    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        var pattern = ProbePattern.Quarters;
        var counts = new long[pattern.Length];
        while (!session.Stopping)
        {
            long early0 = _obs.BinClicks(_earlierBin), late0 = _obs.BinClicks(_laterBin);
            for (int q = 0; q < pattern.Length; q++)
            {
                long start = _obs.BinClicks(_bin);
                Dither(pattern[q] * p.DitherPs);
                yield return Await.Timeout(ProbePattern.WindowPs(p.UpdateIntervalS, pattern.Length, q));
                if (session.Stopping) break;
                counts[q] = _obs.BinClicks(_bin) - start;
            }
            if (session.Stopping) break;
            long own = counts.Sum(), early = _obs.BinClicks(_earlierBin) - early0, late = _obs.BinClicks(_laterBin) - late0;
            long neighbour = Math.Max(early, late);
            bool hold = own < _referenceCounts / 4;
            _referenceCounts = Math.Max(own, 0.9 * _referenceCounts);
            // When the own bin went dark, the light moved only if the neighbour rose over its level while the user was locked;
            // a cut drop or a silent transmitter leaves the neighbours where they were (unknown levels: before the first lock).
            double neighbourLevel = late >= early ? _laterLevel : _earlierLevel;
            bool neighbourRose = double.IsNaN(neighbourLevel) || neighbour - neighbourLevel > 5 * Math.Sqrt(neighbour + neighbourLevel + 1);
            if (!_link.Joined) { } // the transmitter knows it is not sending: nothing to align
            else if (_earlierBin != _bin && neighbour > 4 * own + 5 * Math.Sqrt(neighbour + own + 1) && (!hold || neighbourRose))
                _link.DelayCorrectionPs += late >= early ? _gatePeriodPs : -_gatePeriodPs; // light in the next (previous) gate: it is late (early)
            else if (!hold && counts.All(c => c > 0))
            {
                _earlierLevel = double.IsNaN(_earlierLevel) ? early : 0.9 * _earlierLevel + 0.1 * early;
                _laterLevel = double.IsNaN(_laterLevel) ? late : 0.9 * _laterLevel + 0.1 * late;
                double contrast = 0;
                for (int q = 0; q < pattern.Length; q++) contrast += pattern[q] * Math.Log(counts[q]);
                double x = contrast / (pattern.Length / 2 * 4 * _a * p.DitherPs);
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
