namespace QkdNetSim.Protocols.Cv;

/// <summary>Alice's constellation for coherent-state CV-QKD.</summary>
public enum CvModulationKind
{
    /// <summary>Gaussian modulation, GG02 (Grosshans &amp; Grangier, PRL 88, 057902 (2002)).</summary>
    Gaussian,

    /// <summary>Four coherent states alpha e^{i(2k+1)pi/4} (QPSK; Leverrier &amp; Grangier, PRL 102, 180504 (2009)).</summary>
    Qpsk,

    /// <summary>Square M-QAM, each quadrature an independent PAM with given levels and probabilities (probabilistic shaping).</summary>
    Qam,
}
