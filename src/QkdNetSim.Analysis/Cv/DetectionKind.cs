namespace QkdNetSim.Analysis.Cv;

/// <summary>Coherent detection type: homodyne (one quadrature) or heterodyne (both quadratures, 50:50 split).</summary>
public enum DetectionKind
{
    Homodyne = 0,
    Heterodyne = 1,
}
