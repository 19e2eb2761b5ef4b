namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Modules whose settings are correlated because they share encoders, and the joint state space of those encoders. With
/// the paper's hardware (one encoder per user modulating all its wavelengths) the whole network is one group: a slot's
/// joint setting fixes the state pair of every module. With an encoder per wavelength, every module is its own group.
/// Joint index = mixed radix over the group's encoders; joint probability = product of the encoders' state probabilities.
/// </summary>
public sealed class MdiEncoderGroup
{
    public int Index { get; }
    public IReadOnlyList<UserStateTable> Encoders { get; }
    /// <summary>Global module indices of the group's modules.</summary>
    public int[] Modules { get; }
    public BsmOptics[] Optics { get; }
    public int JointCount { get; }
    /// <summary>Probability of each joint setting.</summary>
    public double[] JointProbability { get; }
    /// <summary>State pair of local module i under joint setting j: [j * Modules.Length + i].</summary>
    public int[] PairOf { get; }
    /// <summary>Encoder state of encoder e under joint setting j: [j * Encoders.Count + e].</summary>
    public int[] StateOf { get; }
    /// <summary>Encoder index of each local module's input A and B.</summary>
    public int[] EncoderA { get; }
    public int[] EncoderB { get; }

    public MdiEncoderGroup(int index, IReadOnlyList<UserStateTable> encoders, int[] modules, BsmOptics[] optics, int[] encoderA, int[] encoderB)
    {
        Index = index;
        Encoders = encoders;
        Modules = modules;
        Optics = optics;
        EncoderA = encoderA;
        EncoderB = encoderB;
        long joint = 1;
        foreach (var e in encoders) joint = checked(joint * e.Count);
        if (joint > 1 << 22)
            throw new ArgumentException($"joint settings space of {joint} exceeds 2^22: too many encoders share one group");
        JointCount = (int)joint;
        JointProbability = new double[JointCount];
        StateOf = new int[JointCount * encoders.Count];
        PairOf = new int[JointCount * modules.Length];
        for (int j = 0; j < JointCount; j++)
        {
            int rest = j;
            double p = 1;
            for (int e = 0; e < encoders.Count; e++)
            {
                int s = rest % encoders[e].Count;
                rest /= encoders[e].Count;
                StateOf[j * encoders.Count + e] = s;
                p *= encoders[e].Probability[s];
            }
            JointProbability[j] = p;
            for (int i = 0; i < modules.Length; i++)
                PairOf[j * modules.Length + i] = optics[i].PairIndex(StateOf[j * encoders.Count + encoderA[i]], StateOf[j * encoders.Count + encoderB[i]]);
        }
    }

    /// <summary>Groups of a network: one for shared encoders, one per module otherwise.</summary>
    /// <param name="tables">State table of each user (the ones the optics were built with).</param>
    public static MdiEncoderGroup[] Build(MdiNetworkConfig config, IReadOnlyList<UserStateTable> tables, IReadOnlyList<BsmOptics> optics)
    {
        if (config.SharedEncoder)
        {
            int m = config.Modules.Count;
            return [new MdiEncoderGroup(0, tables, Enumerable.Range(0, m).ToArray(), optics.ToArray(),
                config.Modules.Select(x => x.UserA).ToArray(), config.Modules.Select(x => x.UserB).ToArray())];
        }
        return config.Modules.Select((x, i) => new MdiEncoderGroup(i, [tables[x.UserA], tables[x.UserB]], [i], [optics[i]], [0], [1])).ToArray();
    }
}
