using QkdNetSim.Core.Random;

namespace QkdNetSim.Tests.Core.Random;

public class AliasTableTests
{
    private static void Check(double[] weights, int draws, ulong seed, string what)
    {
        var table = new AliasTable(weights);
        Assert.Equal(weights.Length, table.Count);
        var rng = new Xoshiro256(seed);
        var h = new long[weights.Length];
        for (int i = 0; i < draws; i++) h[table.Sample(ref rng)]++;
        double total = weights.Sum();
        // Chi-square at p = 1e-6 (Stat.ChiSquare also asserts zero-weight outcomes were never drawn).
        Stat.ChiSquare(h, weights.Select(w => w / total).ToArray(), draws, what);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void SmallTableWithZeroWeights()
    {
        Check(new[] { 1.0, 0.0, 2.0, 3.0, 0.0, 4.0, 10.0, 1e-3, 0.0 }, 2_000_000, 701, "alias small");
    }

    [Fact]
    public void SingleOutcome()
    {
        var t = new AliasTable(new[] { 0.0, 5.0, 0.0 });
        var rng = new Xoshiro256(702);
        for (int i = 0; i < 10_000; i++) Assert.Equal(1, t.Sample(ref rng));
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void LargeTableIsExact()
    {
        // 3000 outcomes with weights spread over two decades: every column's coin must be uniform and
        // independent of the column. Expected counts >= ~60 per cell (pooled to >= 10 anyway); df ~ 3000,
        // so the p = 1e-6 critical value is ~ 3000 + 5.4 sqrt(6000), about 3.4e3.
        var rng = new Xoshiro256(703);
        var w = new double[3000];
        for (int i = 0; i < w.Length; i++) w[i] = i % 7 == 0 ? 0 : Math.Exp(4.6 * rng.NextDouble());
        Check(w, 6_000_000, 704, "alias 3000");
    }

    [Fact]
    public void InvalidWeightsRejected()
    {
        Assert.Throws<ArgumentException>(() => new AliasTable(Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => new AliasTable(new[] { 0.0, 0.0 }));
        Assert.Throws<ArgumentException>(() => new AliasTable(new[] { 1.0, -1.0 }));
        Assert.Throws<ArgumentException>(() => new AliasTable(new[] { 1.0, double.NaN }));
    }
}
