using QkdNetSim.Core.Kernel;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>Phase-bias loop settings: update interval T, disclosed bits m per update, dither d, gain g, assumed visibility V.</summary>
public sealed record PhaseControlParameters
{
    public PhaseControlParameters(double updateIntervalS, long sampleBits, double ditherRad, double gain = 1, double visibility = 1)
    {
        if (!(updateIntervalS > 0) || !double.IsFinite(updateIntervalS)) throw new ArgumentOutOfRangeException(nameof(updateIntervalS), updateIntervalS, "must be finite and > 0 s");
        if (sampleBits < 4) throw new ArgumentOutOfRangeException(nameof(sampleBits), sampleBits, "needs at least one disclosed bit per probe window (4 per update)");
        if (!(ditherRad > 0 && ditherRad <= Math.PI / 2)) throw new ArgumentOutOfRangeException(nameof(ditherRad), ditherRad, "must be in (0, pi/2] rad");
        if (!(gain > 0 && gain < 2)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "must be in (0, 2)");
        if (!(visibility > 0 && visibility <= 1)) throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "must be in (0, 1]");
        UpdateIntervalS = updateIntervalS;
        SampleBits = sampleBits;
        DitherRad = ditherRad;
        Gain = gain;
        Visibility = visibility;
    }

    public double UpdateIntervalS { get; }
    public long SampleBits { get; }
    public double DitherRad { get; }
    public double Gain { get; }
    public double Visibility { get; }
}

/// <summary>
/// A transmitter's phase stabilizer (seed 004 Methods: "Drifts of the relative phase ... are compensated for by applying a
/// bias voltage across the phase modulator"), acting only on the QBER of disclosed sifted bits. The QBER
/// e(delta) = e0 + V (1 - cos delta)/2 gives |delta|, not its sign, so each update interval is a two-point probe: four
/// windows at bias b + d, b - d, b - d, b + d (<see cref="ProbePattern.Quarters"/>: a steady drift does not bias it), each
/// disclosing m/4 bits chosen at random after the window; e_+ and e_- pool the windows of each sign. With residual delta = phi - b,
/// e_- - e_+ = V/2 [cos(delta - d) - cos(delta + d)] = V sin(delta) sin(d), so delta_hat = asin((e_- - e_+) / (V sin d)) and
/// b += g delta_hat at the interval's end.
/// Residual (<see cref="LoopResidual"/>): the estimate's variance is s^2 = Var(e_-) + Var(e_+) over (V sin d)^2 with
/// Var(e_pm) = e_p (1 - e_p)/(m/2), e_p the mean QBER at the probe points, so s^2 = 4 e_p (1 - e_p) / (m V^2 sin^2 d).
/// The probe points sit at the residual plus or minus d, so e_p = e0 + V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2 depends on the
/// residual it sets: &lt;delta^2&gt; is the fixed point of &lt;delta^2&gt; = V_y(s^2(e_p(&lt;delta^2&gt;))) + D T/2, found by iterating
/// from &lt;delta^2&gt; = 0 (increasing and bounded, as e_p (1 - e_p) &lt;= 1/4; e_p at the residual's 0 alone, e0 + V (1 - cos d)/2,
/// underestimated &lt;delta^2&gt; by ~5 % when s^2 dominates, measured on the real engine and the synthetic plant);
/// with &lt;delta^2&gt; = V_y + D T/2 of the loop and the dither adding d^2, the
/// time-mean phase error is Gaussian-like with &lt;cos(delta pm d)&gt; = e^(-&lt;delta^2&gt;/2) cos d, and the mean excess QBER over
/// the static e0 is V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2 ~ V (&lt;delta^2&gt; + d^2)/4 (<see cref="PredictedExcessQber"/>).
/// Assumptions: the drift's random part over one interval is small next to the dither (D T &lt;&lt; d^2), else the contrast
/// picks up a term delta_bar x (drift's wiggle) / d; e0 is the same in all windows.
/// Disclosed bits leave the key (counted by <see cref="ControlObservations"/>).
/// </summary>
public sealed class PhaseController
{
    private readonly LinkComposer _composer;
    private readonly ControlledLink _link;
    private readonly ControlObservations _obs;

    public PhaseController(PhaseControlParameters parameters, LinkComposer composer, ControlledLink link, ControlObservations observations)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _composer = composer;
        _link = link;
        _obs = observations;
    }

    public PhaseControlParameters Parameters { get; }

    /// <summary>Updates made so far.</summary>
    public long Updates { get; private set; }

    /// <summary>
    /// Variance s^2 of the residual's estimate from one update's disclosed sample at static QBER e0, rad^2, when the loop holds
    /// a mean square residual <paramref name="meanSquareRad2"/> (the probe points' QBER e_p = e0 + V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2).
    /// </summary>
    public double EstimateVariance(double staticQber, double meanSquareRad2 = 0)
    {
        var p = Parameters;
        double ep = Math.Min(0.5, staticQber + p.Visibility * (1 - Math.Exp(-meanSquareRad2 / 2) * Math.Cos(p.DitherRad)) / 2), s = Math.Sin(p.DitherRad);
        return 4 * ep * (1 - ep) / (p.SampleBits * p.Visibility * p.Visibility * s * s);
    }

    /// <summary>&lt;delta^2&gt; the loop holds (no dither) for a phase diffusion D (rad^2/s) at static QBER e0, rad^2: the fixed point of the class comment.</summary>
    public double PredictedMeanSquareRad2(double diffusionRad2PerS, double staticQber)
    {
        double meanSquare = 0;
        for (int i = 0; i < 100; i++)
        {
            double next = LoopResidual.MeanSquare(diffusionRad2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(staticQber, meanSquare));
            if (Math.Abs(next - meanSquare) <= 1e-12 * next) return next;
            meanSquare = next;
        }
        return meanSquare;
    }

    /// <summary>Mean QBER excess over e0 the loop holds, dither included: V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2.</summary>
    public double PredictedExcessQber(double diffusionRad2PerS, double staticQber) =>
        Parameters.Visibility * (1 - Math.Exp(-PredictedMeanSquareRad2(diffusionRad2PerS, staticQber) / 2) * Math.Cos(Parameters.DitherRad)) / 2;

    /// <summary>The kernel process: four probe windows and an update per interval, until the session stops.</summary>
    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        int u = _link.User.Index;
        var pattern = ProbePattern.Quarters;
        var bits = new long[2];
        var errors = new long[2];
        _obs.DiscloseWindow(u, 0); // opens the first window now
        while (!session.Stopping)
        {
            Array.Clear(bits);
            Array.Clear(errors);
            for (int q = 0; q < pattern.Length; q++)
            {
                _link.PhaseDitherRad = pattern[q] * p.DitherRad;
                _composer.Apply(_link);
                yield return Await.Timeout(ProbePattern.WindowPs(p.UpdateIntervalS, pattern.Length, q));
                if (session.Stopping) break;
                long m = p.SampleBits / pattern.Length + (q < p.SampleBits % pattern.Length ? 1 : 0);
                var (b, e) = _obs.DiscloseWindow(u, m);
                bits[pattern[q] > 0 ? 0 : 1] += b;
                errors[pattern[q] > 0 ? 0 : 1] += e;
            }
            if (session.Stopping) break;
            if (bits[0] > 0 && bits[1] > 0)
            {
                double ePlus = (double)errors[0] / bits[0], eMinus = (double)errors[1] / bits[1];
                double x = Math.Clamp((eMinus - ePlus) / (p.Visibility * Math.Sin(p.DitherRad)), -1, 1);
                _link.PhaseBiasRad += p.Gain * Math.Asin(x);
                Updates++;
            }
        }
        _link.PhaseDitherRad = 0;
    }
}
