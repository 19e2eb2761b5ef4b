using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Rule helpers shared by the scenario validators: each throws an <see cref="InputError"/> on violation, naming the
/// dotted field and the file that wrote it (via <see cref="ScenarioOrigins"/>), so the first broken rule is the message.
/// </summary>
public sealed class RuleChecker(ScenarioOrigins origins)
{
    /// <summary>Number formatting of rule texts: invariant, up to 12 significant digits.</summary>
    public static string F(double x) => x.ToString("G12", CultureInfo.InvariantCulture);

    public void Fail(string field, string rule) => throw Error(field, rule);

    /// <summary>The error <see cref="Fail"/> throws, for `x ?? throw v.Error(...)`.</summary>
    public InputError Error(string field, string rule) => new(origins.FileOf(field), field, rule);

    public void Positive(string field, double x)
    {
        if (!(x > 0 && double.IsFinite(x))) Fail(field, $"must be > 0 and finite, got {F(x)}");
    }

    public void NonNegative(string field, double x)
    {
        if (!(x >= 0 && double.IsFinite(x))) Fail(field, $"must be >= 0 and finite, got {F(x)}");
    }

    public void AtLeast(string field, double x, double min)
    {
        if (!(x >= min && double.IsFinite(x))) Fail(field, $"must be >= {F(min)}, got {F(x)}");
    }

    public void Closed(string field, double x, double lo, double hi)
    {
        if (!(x >= lo && x <= hi)) Fail(field, $"must be in [{F(lo)}, {F(hi)}], got {F(x)}");
    }

    public void Open(string field, double x, double lo, double hi)
    {
        if (!(x > lo && x < hi)) Fail(field, $"must be in ({F(lo)}, {F(hi)}), got {F(x)}");
    }

    public void LeftOpen(string field, double x, double lo, double hi)
    {
        if (!(x > lo && x <= hi)) Fail(field, $"must be in ({F(lo)}, {F(hi)}], got {F(x)}");
    }

    public void RightOpen(string field, double x, double lo, double hi)
    {
        if (!(x >= lo && x < hi)) Fail(field, $"must be in [{F(lo)}, {F(hi)}), got {F(x)}");
    }

    /// <summary>How far from 1 a probability vector may sum (round-off of decimal inputs).</summary>
    public const double SumTolerance = 1e-9;

    /// <summary>A probability vector: one entry per item of the parallel list, each in [0,1], summing to 1.</summary>
    public void Distribution(string field, IReadOnlyList<double> p, int expectedCount, string parallelName, string noun)
    {
        if (p.Count != expectedCount)
            Fail(field, $"has {p.Count} entries but {parallelName} has {expectedCount} (one per entry)");
        for (int i = 0; i < p.Count; i++) Closed($"{field}.{i}", p[i], 0, 1);
        double sum = p.Sum();
        if (!(Math.Abs(sum - 1.0) <= SumTolerance))
            Fail(field, $"{noun} sum to {F(sum)} (must sum to 1 within 1e-9)");
    }
}
