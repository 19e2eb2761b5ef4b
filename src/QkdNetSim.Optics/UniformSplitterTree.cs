namespace QkdNetSim.Optics;

/// <summary>
/// Uniform 1-to-N beam-splitter tree of a broadcast network (seed 000, Bian et al., arXiv:2507.04462, Methods E.1,
/// Eqs. 29-31): each of the N outputs carries 1/N of the input power (ideal splitting, no excess loss); the unused
/// input ports are vacuum.
/// </summary>
public sealed record UniformSplitterTree
{
    /// <summary>N &gt;= 1 outputs.</summary>
    public int Outputs { get; }

    public UniformSplitterTree(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        Outputs = outputs;
    }

    /// <summary>Transmittance to one output of light that reached the tree with transmittance <paramref name="inputTransmittance"/>: T_in / N.</summary>
    public double OutputTransmittance(double inputTransmittance) => inputTransmittance / Outputs;
}
