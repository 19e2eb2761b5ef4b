namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// The finite set of states one time-bin encoder can send in a slot: state index = 2 x intensity + bit, with probability
/// p_intensity / 2 (uniform bit). For each state: mean photon number in the early and late bin at the encoder output and
/// the encoding phase of the late bin (X basis: 0 for |+>, pi for |->; seed 002 main text).
/// </summary>
public sealed class UserStateTable
{
    public int Count { get; }
    public double[] Probability { get; }
    public double[] MeanEarly { get; }
    public double[] MeanLate { get; }
    public double[] LatePhase { get; }
    public sbyte[] Intensity { get; }
    public sbyte[] Basis { get; }
    public sbyte[] Bit { get; }

    public UserStateTable(TimeBinEncoder encoder)
    {
        Count = 2 * encoder.Levels;
        Probability = new double[Count];
        MeanEarly = new double[Count];
        MeanLate = new double[Count];
        LatePhase = new double[Count];
        Intensity = new sbyte[Count];
        Basis = new sbyte[Count];
        Bit = new sbyte[Count];
        double leak = encoder.EmptyBinFraction;
        for (int k = 0; k < encoder.Levels; k++)
        {
            double mu = encoder.MeanPhotonNumbers[k];
            for (int bit = 0; bit < 2; bit++)
            {
                int s = 2 * k + bit;
                Probability[s] = encoder.Probabilities[k] / 2;
                Intensity[s] = (sbyte)k;
                Basis[s] = (sbyte)encoder.Bases[k];
                Bit[s] = (sbyte)bit;
                if (encoder.Bases[k] == 0)
                {
                    // Z basis: |e> (bit 0) or |l> (bit 1); finite IM extinction leaves a fraction in the other bin.
                    MeanEarly[s] = mu * (bit == 0 ? 1 - leak : leak);
                    MeanLate[s] = mu * (bit == 0 ? leak : 1 - leak);
                }
                else
                {
                    // X basis: (|e> +- |l>)/sqrt2, phase 0 or pi on the late bin.
                    MeanEarly[s] = mu / 2;
                    MeanLate[s] = mu / 2;
                    LatePhase[s] = bit == 0 ? 0.0 : Math.PI;
                }
            }
        }
    }
}
