namespace QkdNetSim.Analysis.Cv.Estimation;

/// <summary>An estimate with its standard error and the two-sided interval estimate ± z se.</summary>
/// <param name="Value">Point estimate.</param>
/// <param name="StandardError">Asymptotic standard error (delta method).</param>
/// <param name="StandardScore">z used for the interval (e.g. 1.96 for 95 %).</param>
public readonly record struct CvEstimatedParameter(double Value, double StandardError, double StandardScore)
{
    public double Lower => Value - StandardScore * StandardError;
    public double Upper => Value + StandardScore * StandardError;
}
