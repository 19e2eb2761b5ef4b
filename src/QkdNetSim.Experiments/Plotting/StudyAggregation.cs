namespace QkdNetSim.Experiments.Plotting;

/// <summary>One kept row of a study dataset: its series (an index the caller assigns), x value, unit and metric value.</summary>
public readonly record struct StudyRow(int Series, double X, int Unit, double Y);

/// <summary>
/// The mean of a metric over the repeats of one (series, x) point, its standard error (NaN with fewer than 2 repeats)
/// and the number of repeats; <see cref="Unit"/> is the unit it belongs to (the minimum's unit after a reduction over
/// units).
/// </summary>
public readonly record struct MeanPoint(int Series, double X, int Unit, double Mean, double StandardError, int Repeats);

/// <summary>
/// Averages the repeats of a study: rows with the same series, x and unit are repeats (they differ only in their
/// seed). Mean m = Σy/n; standard error of the mean s/√n with the sample standard deviation
/// s = √(Σ(y − m)²/(n − 1)), defined for n ≥ 2.
/// </summary>
public static class StudyAggregation
{
    /// <summary>
    /// Means per (series, x, unit), sorted by series, then x, then unit. With <paramref name="minimumOverUnits"/>, one
    /// point per (series, x): the unit whose mean is lowest (the worst user for a key rate), with that unit's standard
    /// error; ties go to the lower unit index. Rows whose value is not finite must be left out by the caller.
    /// </summary>
    public static IReadOnlyList<MeanPoint> Means(IEnumerable<StudyRow> rows, bool minimumOverUnits = false)
    {
        var means = rows
            .GroupBy(r => (r.Series, r.X, r.Unit))
            .Select(g => Mean(g.Key.Series, g.Key.X, g.Key.Unit, g.Select(r => r.Y).ToArray()))
            .OrderBy(p => p.Series).ThenBy(p => p.X).ThenBy(p => p.Unit)
            .ToList();
        if (!minimumOverUnits) return means;
        return means.GroupBy(p => (p.Series, p.X))
            .Select(g => g.OrderBy(p => p.Mean).ThenBy(p => p.Unit).First())
            .ToList();
    }

    private static MeanPoint Mean(int series, double x, int unit, double[] y)
    {
        ArgumentOutOfRangeException.ThrowIfZero(y.Length);
        double mean = y.Average();
        double se = double.NaN;
        if (y.Length >= 2)
        {
            double sumSq = y.Sum(v => (v - mean) * (v - mean));
            se = Math.Sqrt(sumSq / (y.Length - 1) / y.Length);
        }
        return new MeanPoint(series, x, unit, mean, se, y.Length);
    }
}
