namespace QkdNetSim.Analysis.Mdi;

/// <summary>How a zero observed count enters the Chernoff bounds (in this analysis only N_oo S_oo can matter).</summary>
public enum ZeroCountTreatment : byte
{
    /// <summary>
    /// As seed 002 Eq. (1) read literally: S/(1 - delta) with S = 0 gives an upper bound of 0, i.e. &lt;S_oo&gt; = 0.
    /// Not certified: a zero count does not prove a zero expectation.
    /// </summary>
    Paper = 0,

    /// <summary>
    /// Certified: the upper Chernoff bound of a zero count is <see cref="ChernoffBound.Upper"/>(0) &gt; 0 (2 ln(2/eps)
    /// counts with <see cref="ChernoffForm.YanEq2"/>, 2 ln(1/eps) with <see cref="ChernoffForm.ExactInversion"/>), and the
    /// key rate is minimised jointly over &lt;S_oo&gt; in [0, that bound] and H.
    /// </summary>
    Rigorous = 1,
}

/// <summary>Options of <see cref="MdiDecoyAnalysis.Analyze"/>.</summary>
public sealed record MdiDecoyOptions
{
    /// <summary>Chernoff inversion of every count bound. Default = seed 002 Eqs. (1)-(2).</summary>
    public ChernoffForm Chernoff { get; init; } = ChernoffForm.YanEq2;
    /// <summary>Grid points over the allowed range of H (endpoints included) for the minimisation of R(H).</summary>
    public int HGridPoints { get; init; } = 2001;
    /// <summary>Grid points over &lt;S_oo&gt; (endpoints included) when its range is not a single point.</summary>
    public int SooGridPoints { get; init; } = 65;

    public static MdiDecoyOptions Default { get; } = new();
}

/// <summary>One key-rate estimate: the bounds at the minimising point of R(H, &lt;S_oo&gt;).</summary>
/// <param name="Treatment">How a zero N_oo S_oo was handled.</param>
/// <param name="S11Lower">s11^L: lower bound of the two-single-photon yield (per pulse pair), at the minimum.</param>
/// <param name="E11PhUpper">e11^ph,U: upper bound of the single-photon phase-error rate, at the minimum (may exceed 1/2, then no key).</param>
/// <param name="HAtMinimum">The minimising H = a0 &lt;S_ox&gt; + b0 &lt;S_xo&gt; - a0 b0 &lt;S_oo&gt; (seed 002 Eq. (3)).</param>
/// <param name="HLower">Smallest allowed H (over the allowed &lt;S_oo&gt;).</param>
/// <param name="HUpper">Largest allowed H.</param>
/// <param name="SooLower">Lower end of the &lt;S_oo&gt; range used.</param>
/// <param name="SooUpper">Upper end of the &lt;S_oo&gt; range used (0 under <see cref="ZeroCountTreatment.Paper"/> with no oo counts).</param>
/// <param name="SooAtMinimum">&lt;S_oo&gt; at the minimum.</param>
/// <param name="KeyRatePerPulsePair">R of seed 002 Eq. (4), minimised; negative means no key.</param>
/// <param name="SinglePhotonTerm">p_z^2 z^2 e^{-2z} s11^L (1 - h(e11^ph,U)) at the minimum.</param>
/// <param name="ErrorCorrectionTerm">p_z^2 f S_zz h(E_zz).</param>
public sealed record MdiKeyEstimate(
    ZeroCountTreatment Treatment,
    double S11Lower,
    double E11PhUpper,
    double HAtMinimum,
    double HLower,
    double HUpper,
    double SooLower,
    double SooUpper,
    double SooAtMinimum,
    double KeyRatePerPulsePair,
    double SinglePhotonTerm,
    double ErrorCorrectionTerm)
{
    /// <summary>max(0, R) times the pulse-pair rate (seed 002: 100 MHz), bit/s.</summary>
    public double KeyRateBitPerS(double pulsePairRateHz) => Math.Max(0.0, KeyRatePerPulsePair) * pulsePairRateHz;

    /// <summary>
    /// The bound as an error rate: min(e11^ph,U, 1). The raw bound (t_xx^U - H/2)/(a1^2 s11^L), seed 002 constraint (iv), exceeds 1
    /// when s11^L is small; no rate does, and any value &gt;= 1/2 already gives h = 1, i.e. no single-photon key.
    /// </summary>
    public double E11PhPhysical => Math.Min(E11PhUpper, 1.0);
}

/// <summary>Result of <see cref="MdiDecoyAnalysis.Analyze"/>.</summary>
/// <param name="QberZ">E_zz = N_zz S_zz E_zz / N_zz S_zz (observed).</param>
/// <param name="QberX">E_xx = N_xx S_xx E_xx / N_xx S_xx (observed).</param>
/// <param name="GainZz">S_zz = N_zz S_zz / N_zz (observed yield per pulse pair).</param>
/// <param name="Pulses">Pulse pairs per combination used.</param>
/// <param name="Paper">Zero N_oo S_oo treated as &lt;S_oo&gt; = 0 (seed 002).</param>
/// <param name="Rigorous">Zero N_oo S_oo bounded by its Chernoff upper bound (identical to Paper when N_oo S_oo &gt; 0).</param>
public sealed record MdiDecoyResult(
    double QberZ,
    double QberX,
    double GainZz,
    MdiPulseCounts Pulses,
    MdiKeyEstimate Paper,
    MdiKeyEstimate Rigorous);
