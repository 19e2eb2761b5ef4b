using System.Globalization;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Encoder settings (as `--set` overrides of the network's `encoder:`) of the interference measurements: one mean photon
/// number mu = 0.64 in every basis (seed 002 Supplementary Fig. 10 text: "mean photon number of qubits of Z basis and
/// X basis are same, both are about 0.64"), uniformly random bits. Wherever both bases are listed the Z level is intensity
/// index <see cref="ZIndex"/> and the X level <see cref="XIndex"/>.
/// </summary>
public static class InterferenceEncoders
{
    /// <summary>Supplementary Fig. 10 text: mu ~ 0.64 per qubit in both bases.</summary>
    public const double MeanPhotonNumber = 0.64;

    /// <summary>Intensity index of the Z level.</summary>
    public const int ZIndex = 0;

    /// <summary>Intensity index of the X level (<see cref="XOnly"/>, <see cref="FourStates"/>).</summary>
    public const int XIndex = 1;

    /// <summary>HOM measurement: Z states only (|e> or |l>, random bit) at mu.</summary>
    public static string[] ZOnly() => [$"encoder.intensities=[{Mu}]", "encoder.probabilities=[1]", "encoder.bases=[Z]"];

    /// <summary>
    /// BSM measurement: X states only (|+> or |->, random bit) at mu. The scenario validator requires a Z level (the key
    /// basis), so the encoder lists one with probability 0: it is never sent.
    /// </summary>
    public static string[] XOnly() => Levels("0, 1");

    /// <summary>Supplementary Fig. 10: the four states |0>, |1>, |+>, |-> equally likely, all at mu.</summary>
    public static string[] FourStates() => Levels("0.5, 0.5");

    private static string[] Levels(string probabilities) =>
        [$"encoder.intensities=[{Mu}, {Mu}]", $"encoder.probabilities=[{probabilities}]", "encoder.bases=[Z, X]"];

    private static string Mu => MeanPhotonNumber.ToString("R", CultureInfo.InvariantCulture);
}
