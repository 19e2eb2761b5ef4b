namespace QkdNetSim.Optics;

/// <summary>
/// BB84 phase encoding with asymmetric Mach-Zehnder interferometers (seed 004 Fig. 2): Alice applies phase
/// basis*pi/2 + bit*pi, Bob 0 or pi/2; a photon leaves Bob's interferometer at port 0 with probability
/// (1 + V cos(phiA - phiB)) / 2 (two-path interference with visibility V). For matching bases the wrong-port
/// probability is the optical error e_opt = (1 - V)/2 (seed 004 Methods, e_opt = 0.5%).
/// </summary>
public static class PhaseInterferometer
{
    public static double AlicePhase(int basis, int bit) => basis * Math.PI / 2 + bit * Math.PI;

    public static double BobPhase(int basis) => basis * Math.PI / 2;

    public static double VisibilityFromOpticalError(double opticalError) => 1 - 2 * opticalError;

    /// <summary>Probability that a photon exits at detector 0.</summary>
    public static double Port0Probability(int aliceBasis, int aliceBit, int bobBasis, double visibility)
    {
        double dphi = AlicePhase(aliceBasis, aliceBit) - BobPhase(bobBasis);
        double p = (1 + visibility * Math.Cos(dphi)) / 2;
        return Math.Clamp(Math.Round(p, 15), 0, 1); // cos(pi/2) is 6e-17, not 0: round so symmetric cases are exact
    }

    /// <summary>
    /// Probability that a photon exits at detector 0 when the two interferometers are misaligned by
    /// <paramref name="phaseErrorRad"/>: (1 + V cos(phiA - phiB + phaseError)) / 2 (issue 12; seed 004 Methods, the transmitter's
    /// bias compensates this phase). Zero error is exactly <see cref="Port0Probability(int, int, int, double)"/>.
    /// </summary>
    public static double Port0Probability(int aliceBasis, int aliceBit, int bobBasis, double visibility, double phaseErrorRad)
    {
        if (phaseErrorRad == 0) return Port0Probability(aliceBasis, aliceBit, bobBasis, visibility);
        double dphi = AlicePhase(aliceBasis, aliceBit) - BobPhase(bobBasis) + phaseErrorRad;
        return Math.Clamp((1 + visibility * Math.Cos(dphi)) / 2, 0, 1);
    }
}
