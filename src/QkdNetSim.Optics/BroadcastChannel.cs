namespace QkdNetSim.Optics;

/// <summary>
/// Passive 1-to-N broadcast of seed 000 (Bian et al., arXiv:2507.04462, Methods E.1, Eqs. 29-31): a feeder fibre, a
/// <see cref="UniformSplitterTree"/> with one output per drop, and a drop fibre per user. User i's transmittance is
/// T_i = T_feeder / N * T_drop,i with T_fibre = 10^(-alpha L / 10).
/// </summary>
public sealed record BroadcastChannel
{
    public Fibre Feeder { get; }
    public UniformSplitterTree Splitter { get; }
    public IReadOnlyList<Fibre> Drops { get; }

    /// <summary>A broadcast with one splitter output per drop fibre (at least one).</summary>
    public BroadcastChannel(Fibre feeder, IReadOnlyList<Fibre> drops)
    {
        ArgumentNullException.ThrowIfNull(feeder);
        ArgumentNullException.ThrowIfNull(drops);
        if (drops.Count < 1) throw new ArgumentException("a broadcast needs at least one drop fibre", nameof(drops));
        Feeder = feeder;
        Drops = drops.ToArray();
        Splitter = new UniformSplitterTree(drops.Count);
    }

    public int Users => Drops.Count;

    /// <summary>Alice-to-user transmittance T_feeder / N * T_drop,i (Eqs. 29-31).</summary>
    public double UserTransmittance(int user) => Splitter.OutputTransmittance(Feeder.Transmittance) * Drops[user].Transmittance;
}
