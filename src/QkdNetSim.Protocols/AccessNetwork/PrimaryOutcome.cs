using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// One cell of a user's joint distribution of (intensity, Alice basis, bit, Bob basis, click pattern, cause of each
/// click) for a gate with a primary click, with what is needed to draw the emitted photon number given the cell.
/// </summary>
public readonly struct PrimaryOutcome
{
    public readonly sbyte Intensity, AliceBasis, AliceBit;
    public readonly byte BobBasis;
    public readonly bool Click0, Click1;
    /// <summary>Ground truth per detector: the click had a detected photon (else it was a dark count).</summary>
    public readonly bool Photon0, Photon1;
    /// <summary>The detected photon came from the bin owner's own pulse (else from another pulse's light, issue 12).</summary>
    public readonly bool Own0, Own1;
    /// <summary>Mean detected photons per detector, and mean photons lost on the way (Poisson splitting).</summary>
    public readonly double MeanDetected0, MeanDetected1, MeanLost;
    /// <summary>Precomputed for inversion sampling: P(1 | >= 1) of the zero-truncated detected counts, exp(-MeanLost).</summary>
    public readonly double OneGivenDetected0, OneGivenDetected1, ExpMinusLost;

    public PrimaryOutcome(sbyte intensity, sbyte aliceBasis, sbyte aliceBit, byte bobBasis, bool click0, bool click1,
        bool photon0, bool photon1, double meanDetected0, double meanDetected1, double meanLost)
        : this(intensity, aliceBasis, aliceBit, bobBasis, click0, click1, photon0, photon1, photon0, photon1, meanDetected0, meanDetected1, meanLost)
    {
    }

    public PrimaryOutcome(sbyte intensity, sbyte aliceBasis, sbyte aliceBit, byte bobBasis, bool click0, bool click1,
        bool photon0, bool photon1, bool own0, bool own1, double meanDetected0, double meanDetected1, double meanLost)
    {
        Own0 = own0; Own1 = own1;
        Intensity = intensity; AliceBasis = aliceBasis; AliceBit = aliceBit; BobBasis = bobBasis;
        Click0 = click0; Click1 = click1;
        Photon0 = photon0; Photon1 = photon1;
        MeanDetected0 = meanDetected0; MeanDetected1 = meanDetected1; MeanLost = meanLost;
        OneGivenDetected0 = meanDetected0 > 0 && meanDetected0 <= 8 ? Samplers.ZeroTruncatedPoissonOneProbability(meanDetected0) : 0;
        OneGivenDetected1 = meanDetected1 > 0 && meanDetected1 <= 8 ? Samplers.ZeroTruncatedPoissonOneProbability(meanDetected1) : 0;
        ExpMinusLost = Math.Exp(-meanLost);
    }
}
