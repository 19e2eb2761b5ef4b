namespace QkdNetSim.Analysis;

/// <summary>Binary (Shannon) entropy h(x) = -x log2 x - (1-x) log2(1-x), in bits.</summary>
public static class BinaryEntropy
{
    /// <summary>h(x) with guards: h(x &lt;= 0) = 0 and h(x &gt;= 0.5) = 1 (an error rate above 1/2 leaves no key).</summary>
    public static double Bits(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x), "binary entropy of NaN");
        if (x <= 0.0) return 0.0;
        if (x >= 0.5) return 1.0;
        return -x * Math.Log2(x) - (1.0 - x) * Math.Log2(1.0 - x);
    }
}
