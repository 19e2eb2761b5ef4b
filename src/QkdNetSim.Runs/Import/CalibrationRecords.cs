using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// A CV detector's calibration records: raw heterodyne quadratures `x,p` (one sample pair per line, CSV as the other import
/// files, <see cref="CsvRows"/>) recorded with the local oscillator on and the signal blocked (shot noise + electronic
/// noise) or with the LO off (electronic noise alone). Their variance is the calibration number SETUP.yaml may give
/// directly: the two quadratures of a heterodyne share one shot-noise unit, so it is the pooled unbiased variance of x and
/// p about their own means, (sum_x (x - x̄)^2 + sum_p (p - p̄)^2) / (2 (n - 1)), accumulated in one pass (Welford) so any
/// file size streams in bounded memory. Its statistical error (relative sqrt(1 / (n - 1)) for Gaussian samples) is the
/// lab's to keep small: it moves N0 and so every SNU value (the import prints each Bob's N0 and v_el).
/// </summary>
public static class CalibrationRecords
{
    public static readonly string[] Columns = ["x", "p"];

    /// <summary>The pooled variance of the file's x and p columns, raw units squared; fewer than 2 samples or a bad row is an input error.</summary>
    public static double Variance(string path)
    {
        long n = 0;
        double meanX = 0, meanP = 0, m2X = 0, m2P = 0;
        using (var rows = CsvRows.Open(path, Columns))
        {
            while (rows.Next())
            {
                double x = rows.Double(0), p = rows.Double(1); // finite numbers, else a line-numbered error
                n++;
                double dx = x - meanX, dp = p - meanP;
                meanX += dx / n;
                meanP += dp / n;
                m2X += dx * (x - meanX);
                m2P += dp * (p - meanP);
            }
        }
        if (n < 2) throw new InputError(path, "x", $"holds {n} calibration sample(s); a variance needs at least 2");
        return (m2X + m2P) / (2.0 * (n - 1));
    }
}
