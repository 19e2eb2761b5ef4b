namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// The paper's published numbers (seed 000) and the tolerances, from experiments/seed000/expected.yaml.
/// PAPER DATA: used only in "paper" columns and acceptance checks.
/// </summary>
public sealed record Seed000Paper(
    double PerUserKeyRateAt20KmN64,
    double TotalKeyRateAt10Km,
    double TotalToleranceRelative,
    string Fig3Statement,
    double[] ThreeNodeKeyRates,
    double ThreeNodeFractionOfUpperBound,
    double ThreeNodeTolerance,
    double ThreeNodeAliceVarianceSnu,
    double ThreeNodeMeanPhotonNumber)
{
    public static Seed000Paper Load(string path)
    {
        var e = ExpectedValues.Load(path);
        return new Seed000Paper(
            e.Number("fig5.perUserKeyRateAt20KmN64"), e.Number("fig5.totalKeyRateAt10Km"), e.Number("fig5.totalToleranceRelative"),
            e.Text("fig3.statement"),
            e.Numbers("threeNode.keyRates"), e.Number("threeNode.fractionOfUpperBound"), e.Number("threeNode.toleranceRelative"),
            e.Number("threeNode.aliceVarianceFig19Snu"), e.Number("threeNode.meanPhotonNumberSetting"));
    }

    public static Seed000Paper Load() => Load(RepoPaths.Experiment("seed000/expected.yaml"));
}
