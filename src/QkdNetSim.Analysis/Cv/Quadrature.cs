namespace QkdNetSim.Analysis.Cv;

/// <summary>Which quadrature a homodyne detector measures: amplitude x or phase p.</summary>
public enum Quadrature
{
    X = 0,
    P = 1,
}
