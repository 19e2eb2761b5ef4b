namespace QkdNetSim.Analysis.Cv;

/// <summary>
/// Parameters of a single GG02 link (Gaussian-modulated coherent states, Grosshans &amp; Grangier, PRL 88, 057902 (2002)).
/// </summary>
/// <param name="ModulationVarianceSnu">Alice's modulation variance V_M &gt; 0 (SNU); V = V_M + 1.</param>
/// <param name="Transmittance">Channel transmittance T in (0, 1], e.g. 10^(-0.02 L) for L km at 0.2 dB/km.</param>
/// <param name="ExcessNoiseSnu">Excess noise xi &gt;= 0 referred to the channel input (SNU).</param>
/// <param name="Detector">Bob's trusted detector (efficiency, electronic noise).</param>
/// <param name="ReconciliationEfficiency">beta in (0, 1].</param>
public sealed record Gg02Input(
    double ModulationVarianceSnu,
    double Transmittance,
    double ExcessNoiseSnu,
    TrustedDetector Detector,
    double ReconciliationEfficiency);
