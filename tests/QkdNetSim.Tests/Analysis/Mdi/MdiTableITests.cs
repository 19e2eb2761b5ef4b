using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Mdi;
using static QkdNetSim.Tests.Analysis.Mdi.MdiTableIData;

namespace QkdNetSim.Tests.Analysis.Mdi;

/// <summary>
/// Reproduces seed 002 Supplementary Table I: the published counts in, the published s11, e11^ph and key rate per pulse
/// out. Tolerances follow the printed precision: s11 has 3 significant digits (rounding up to 0.5 %; we allow 1 %),
/// e11^ph 4 decimals (we allow 5e-4). The key rate is not free: by Eq. (4), R = Pz^2 [Z^2 e^(-2Z) s11 (1 - h(e11)) - f s_zz h(E_zz)],
/// and the leak term uses the same published Z counts on both sides, so the key-rate tolerance is DERIVED per column from the
/// s11 and e11 tolerances (<see cref="KeyRateTolerance"/>) instead of the flat 10 %.
/// </summary>
public class MdiTableITests
{
    private static readonly MdiDecoyResult[] Results =
        Enumerable.Range(0, Pair.Length).Select(i => MdiDecoyAnalysis.Analyze(Input(i))).ToArray();

    public static TheoryData<int> Columns()
    {
        var d = new TheoryData<int>();
        for (int i = 0; i < Pair.Length; i++) d.Add(i);
        return d;
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void S11LowerMatchesPrintedValue(int column)
    {
        double ours = Results[column].Paper.S11Lower;
        Assert.True(Math.Abs(ours / S11[column] - 1.0) <= 0.01,
            $"{Pair[column]} (column {column + 1}): s11^L = {ours:E4}, paper {S11[column]:E2}");
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void E11PhUpperMatchesPrintedValue(int column)
    {
        double ours = Results[column].Paper.E11PhUpper;
        Assert.True(Math.Abs(ours - E11[column]) <= 5e-4,
            $"{Pair[column]} (column {column + 1}): e11^ph,U = {ours:F5}, paper {E11[column]:F4}");
    }

    /// <summary>
    /// Relative key-rate tolerance of a column, propagated through Eq. (4): with A = Pz^2 Z^2 e^(-2Z) s11 (1 - h(e11)) (the
    /// single-photon term) and B = Pz^2 Z^2 e^(-2Z) s11 h'(e11), h'(e) = log2((1 - e)/e), an error ds11/s11 in s11 and de11 in
    /// e11 move R by A ds11/s11 + B de11. The paper computed R from unrounded parameters, printed to 3 digits: Z = 0.636 and
    /// Pz = 0.754 (+-5e-4 each) move A by A (2/Z - 2) dZ and A 2 dPz/Pz (the leak term Pz^2 f s_zz h(E_zz) = f N_zz h / N does
    /// not depend on them), and R itself is rounded to half a unit of its third digit. <paramref name="s11Relative"/>,
    /// <paramref name="e11Absolute"/>: the allowed errors of s11 and e11.
    /// </summary>
    private static double KeyRateTolerance(int column, double s11Relative, double e11Absolute)
    {
        const double printedParameter = 5e-4; // Z, Pz printed to 3 decimals
        double pre = Pz * Pz * Z * Z * Math.Exp(-2 * Z) * S11[column];
        double e = E11[column];
        double a = pre * (1 - H2(e)), b = pre * Math.Log2((1 - e) / e);
        double parameters = a * (Math.Abs(2 / Z - 2) * printedParameter + 2 * printedParameter / Pz);
        double printedRounding = 0.5 * Math.Pow(10, Math.Floor(Math.Log10(KeyRate[column])) - 2);
        return (a * s11Relative + b * e11Absolute + parameters + printedRounding) / KeyRate[column];
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void KeyRateMatchesPrintedValueExceptTheInconsistentColumn(int column)
    {
        // Our s11 within 1 % and e11 within 5e-4 of the printed values (the two tests above) fix our rate to within
        // KeyRateTolerance(column, 0.01, 5e-4) of the printed one: 2.3-5.0 % depending on the column, not 10 %.
        double ratio = Results[column].Paper.KeyRatePerPulsePair / KeyRate[column];
        double tolerance = KeyRateTolerance(column, 0.01, 5e-4);
        if (column == InconsistentColumn)
            Assert.True(ratio > 1.10, $"column {column + 1}: expected the printed rate to be >10 % below ours, ratio {ratio:F3}");
        else
            Assert.True(Math.Abs(ratio - 1.0) <= tolerance, $"{Pair[column]} (column {column + 1}): ratio ours/paper = {ratio:F4}, derived tolerance {tolerance:P2}");
    }

    /// <summary>
    /// Internal consistency of the paper's own printed numbers: Eq. (4) evaluated with the printed s11 and e11 and the
    /// column's Z counts reproduces the printed rate in 11 columns, but not in column 6. The printing alone (s11 to half a
    /// unit of its third digit, e11 to 5e-5, Z and Pz to 5e-4, propagated by <see cref="KeyRateTolerance"/>) allows 0.8-1.6 %
    /// per column; the 11 columns all sit 0.7-1.4 % ABOVE the printed rate, a common offset of the paper's own numbers that
    /// the rounding does not explain (one column exceeds its rounding tolerance by 0.2 %). Hence 2 %: derived bound plus that
    /// observed offset, still 5x tighter than column 6's discrepancy.
    /// </summary>
    [Theory]
    [MemberData(nameof(Columns))]
    public void PrintedKeyRateFollowsFromPrintedS11AndE11ExceptColumn6(int column)
    {
        double nzz = PulsePairs * Pz * Pz;
        double szz = Zz[column] / nzz, ezz = (double)ZzErr[column] / Zz[column];
        double fromPrinted = Pz * Pz * (Z * Z * Math.Exp(-2 * Z) * S11[column] * (1 - H2(E11[column])) - F * szz * H2(ezz));
        double ratio = fromPrinted / KeyRate[column];
        if (column == InconsistentColumn)
            Assert.True(ratio > 1.10, $"column 6 ratio {ratio:F3}");
        else
            Assert.True(Math.Abs(ratio - 1.0) <= 0.02, $"{Pair[column]} (column {column + 1}): Eq. (4) from printed s11, e11 gives ratio {ratio:F4}");
    }

    [Fact]
    public void AverageKeyRateIsCloseToThePublished267Bps()
    {
        // The published 267 bit/s is the mean of the printed column rates times the clock (32.00e-6 / 12 x 1e8 = 266.7).
        // Expected mean: printed rates, except column 6 where the printed rate is inconsistent with its own s11 and e11 (test
        // above) and Eq. (4) from those is used. Tolerance: the per-column derived tolerances (s11 1 %, e11 5e-4) summed,
        // plus the rounding of 267 (0.5 bit/s).
        double expected = 0, tolerance = 0.5;
        for (int c = 0; c < Pair.Length; c++)
        {
            double nzz = PulsePairs * Pz * Pz, szz = Zz[c] / nzz, ezz = (double)ZzErr[c] / Zz[c];
            double rate = c == InconsistentColumn
                ? Pz * Pz * (Z * Z * Math.Exp(-2 * Z) * S11[c] * (1 - H2(E11[c])) - F * szz * H2(ezz))
                : KeyRate[c];
            expected += rate * ClockHz / Pair.Length;
            tolerance += KeyRateTolerance(c, 0.01, 5e-4) * KeyRate[c] * ClockHz / Pair.Length;
        }
        double mean = Results.Average(r => r.Paper.KeyRateBitPerS(ClockHz));
        Assert.True(Math.Abs(mean - expected) <= tolerance, $"mean {mean:F1} bit/s vs {expected:F1} +- {tolerance:F1} (published 267)");
        Assert.True(Math.Abs(expected / AverageKeyRateBitPerS - 1) < 0.10, $"expected mean {expected:F1} vs 267: only column 6 differs");
    }

    [Fact]
    public void ObservedQbersAreTheTableRatios()
    {
        // Column 1: 256301 / 87788209 and 24926 / 88556 (Table I), QBER_X near the 0.25-0.3 of Supplementary Fig. 10.
        Assert.Equal(0.0029195, Results[0].QberZ, 6);
        Assert.Equal(0.2814716, Results[0].QberX, 6);
        Assert.Equal(87788209 / (3e12 * 0.754 * 0.754), Results[0].GainZz, 15);
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public void RigorousZeroCountTreatmentCostsKeyButLeavesSomeKey(int column)
    {
        var r = Results[column];
        Assert.True(r.Rigorous.SooUpper > 0, "the certified upper bound of a zero count must be positive");
        // 2 ln(2/eps) counts (Chernoff upper bound of zero with b = ln(2/eps)) over N_oo = 3e12 * 0.022^2
        Assert.Equal(2 * Math.Log(2 / Eps) / (PulsePairs * Po * Po), r.Rigorous.SooUpper, 15);
        Assert.Equal(0.0, r.Paper.SooUpper);
        Assert.True(r.Rigorous.KeyRatePerPulsePair < r.Paper.KeyRatePerPulsePair);
        Assert.True(r.Rigorous.KeyRatePerPulsePair > 0);
    }

    private static double H2(double p) => BinaryEntropy.Bits(p);
}
