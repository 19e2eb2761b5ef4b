namespace QkdNetSim.Optics;

/// <summary>
/// Phase-randomised weak coherent decoy-state source (Hwang PRL 91, 057901; Lo, Ma, Chen PRL 94, 230504):
/// each pulse picks intensity level k with probability P[k]; its photon number is Poisson(mu_k).
/// Level 0 is the signal, the others decoys (the weakest a near-vacuum).
/// </summary>
public sealed class DecoySource
{
    public IReadOnlyList<double> MeanPhotonNumbers { get; }
    public IReadOnlyList<double> Probabilities { get; }
    /// <summary>Probability of encoding in basis 0 (phases 0, pi).</summary>
    public double Basis0Probability { get; }

    public int Levels => MeanPhotonNumbers.Count;

    public DecoySource(IReadOnlyList<double> meanPhotonNumbers, IReadOnlyList<double> probabilities, double basis0Probability = 0.5)
    {
        if (meanPhotonNumbers.Count == 0 || meanPhotonNumbers.Count != probabilities.Count)
            throw new ArgumentException("intensities and probabilities must have the same, non-zero length");
        if (Math.Abs(probabilities.Sum() - 1) > 1e-9) throw new ArgumentException("intensity probabilities must sum to 1");
        MeanPhotonNumbers = meanPhotonNumbers.ToArray();
        Probabilities = probabilities.ToArray();
        Basis0Probability = basis0Probability;
    }

    /// <summary>Mean photon number per pulse averaged over the intensity choice.</summary>
    public double AverageMeanPhotonNumber => MeanPhotonNumbers.Select((m, k) => m * Probabilities[k]).Sum();
}
