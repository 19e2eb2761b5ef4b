using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>Phase-bias loop settings: update interval T, disclosed bits m per update, dither d, gain g, assumed visibility V.</summary>
public sealed record PhaseControlParameters
{
    public PhaseControlParameters(double updateIntervalS, long sampleBits, double ditherRad, double gain = 1, double visibility = 1)
    {
        if (!(updateIntervalS > 0) || !double.IsFinite(updateIntervalS)) throw new ArgumentOutOfRangeException(nameof(updateIntervalS), updateIntervalS, "must be finite and > 0 s");
        if (sampleBits < 2) throw new ArgumentOutOfRangeException(nameof(sampleBits), sampleBits, "needs at least one disclosed bit per probe half");
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
/// e(delta) = e0 + V (1 - cos delta)/2 gives |delta|, not its sign, so each update interval is a two-point probe: the first
/// half runs at bias b + d, the second at b - d, each disclosing m/2 bits. With residual delta = phi - b,
/// e_- - e_+ = V/2 [cos(delta - d) - cos(delta + d)] = V sin(delta) sin(d), so delta_hat = asin((e_- - e_+) / (V sin d)) and
/// b += g delta_hat at the interval's end.
/// Residual (<see cref="LoopResidual"/>): the estimate's variance is s^2 = Var(e_-) + Var(e_+) over (V sin d)^2 with
/// Var(e_pm) = e_p (1 - e_p)/(m/2), e_p = e0 + V (1 - cos d)/2 the QBER at the probe points, so
/// s^2 = 4 e_p (1 - e_p) / (m V^2 sin^2 d); with &lt;delta^2&gt; = V_y + D T/2 of the loop and the dither adding d^2, the
/// time-mean phase error is Gaussian-like with &lt;cos(delta pm d)&gt; = e^(-&lt;delta^2&gt;/2) cos d, and the mean excess QBER over
/// the static e0 is V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2 ~ V (&lt;delta^2&gt; + d^2)/4 (<see cref="PredictedExcessQber"/>). The drift
/// between the halves adds a second-order bias (delta_2^2 - delta_1^2)/(4 d) to the estimate, left out.
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

    /// <summary>Variance s^2 of the residual's estimate from one update's disclosed sample at static QBER e0, rad^2.</summary>
    public double EstimateVariance(double staticQber)
    {
        var p = Parameters;
        double ep = staticQber + p.Visibility * (1 - Math.Cos(p.DitherRad)) / 2, s = Math.Sin(p.DitherRad);
        return 4 * ep * (1 - ep) / (p.SampleBits * p.Visibility * p.Visibility * s * s);
    }

    /// <summary>&lt;delta^2&gt; the loop holds (no dither) for a phase diffusion D (rad^2/s) at static QBER e0, rad^2.</summary>
    public double PredictedMeanSquareRad2(double diffusionRad2PerS, double staticQber) =>
        LoopResidual.MeanSquare(diffusionRad2PerS, Parameters.UpdateIntervalS, Parameters.Gain, EstimateVariance(staticQber));

    /// <summary>Mean QBER excess over e0 the loop holds, dither included: V (1 - e^(-&lt;delta^2&gt;/2) cos d)/2.</summary>
    public double PredictedExcessQber(double diffusionRad2PerS, double staticQber) =>
        Parameters.Visibility * (1 - Math.Exp(-PredictedMeanSquareRad2(diffusionRad2PerS, staticQber) / 2) * Math.Cos(Parameters.DitherRad)) / 2;

    /// <summary>The kernel process: probe halves and updates until the session stops.</summary>
    public IEnumerable<Await> Run(StepSession session)
    {
        var p = Parameters;
        int u = _link.User.Index;
        long periodPs = (long)Math.Round(p.UpdateIntervalS * Periods.PsPerSecond);
        long firstHalfPs = Math.Max(1, periodPs / 2), secondHalfPs = Math.Max(1, periodPs - firstHalfPs);
        long halfBits = p.SampleBits / 2;
        while (!session.Stopping)
        {
            var plus = Probe(+p.DitherRad, u, halfBits);
            yield return Await.Timeout(firstHalfPs);
            if (session.Stopping) break;
            var ePlus = Read(plus, u);
            var minus = Probe(-p.DitherRad, u, p.SampleBits - halfBits);
            yield return Await.Timeout(secondHalfPs);
            if (session.Stopping) break;
            var eMinus = Read(minus, u);
            if (ePlus is double a && eMinus is double b)
            {
                double x = Math.Clamp((b - a) / (p.Visibility * Math.Sin(p.DitherRad)), -1, 1);
                _link.PhaseBiasRad += p.Gain * Math.Asin(x);
                Updates++;
            }
        }
        _link.PhaseDitherRad = 0;
    }

    private (long Bits, long Errors) Probe(double ditherRad, int u, long bits)
    {
        _link.PhaseDitherRad = ditherRad;
        _composer.Apply(_link);
        _obs.SetDisclosureQuota(u, bits);
        return _obs.DisclosedTotals(u);
    }

    private double? Read((long Bits, long Errors) start, int u)
    {
        var (bits, errors) = _obs.DisclosedTotals(u);
        long n = bits - start.Bits;
        return n > 0 ? (double)(errors - start.Errors) / n : null;
    }
}
