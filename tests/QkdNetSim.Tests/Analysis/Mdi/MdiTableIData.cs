using QkdNetSim.Analysis.Mdi;

namespace QkdNetSim.Tests.Analysis.Mdi;

/// <summary>
/// PAPER DATA: seed 002 (Yan et al.) Supplementary Table I and the settings of the main text; same numbers as
/// experiments/seed002/table1.yaml. Nothing here is computed by QkdNetSim.
/// </summary>
internal static class MdiTableIData
{
    public const double Z = 0.636, Y = 0.204, X = 0.054;
    public const double Pz = 0.754, Py = 0.036, Px = 0.188, Po = 0.022;
    public const double F = 1.16, Eps = 1e-10, PulsePairs = 3e12, ClockHz = 1e8;
    public const double AverageKeyRateBitPerS = 267; // main text

    public static readonly string[] Pair = ["AB", "AC", "AD", "AB", "BC", "BD", "AC", "BC", "CD", "AD", "BD", "CD"];
    public static readonly long[] Zz = [87788209, 89582267, 92829111, 84866989, 81718178, 97819037, 80927353, 99865391, 118650729, 90536935, 99600084, 96763342];
    public static readonly long[] ZzErr = [256301, 128966, 224336, 310263, 276488, 197830, 131921, 301716, 408261, 350307, 162378, 165474];
    public static readonly long[] Yy = [48055, 50688, 44783, 44076, 41118, 48831, 37498, 46322, 58217, 51288, 54175, 53694];
    public static readonly long[] Xx = [88556, 90639, 89536, 97554, 88367, 103289, 88997, 97974, 110892, 84991, 108011, 95910];
    public static readonly long[] XxErr = [24926, 25492, 23222, 26980, 24187, 26444, 27602, 28441, 31205, 23070, 30985, 27781];
    public static readonly long[] YoOy = [13375, 16899, 14250, 12694, 10924, 16540, 12120, 14847, 21649, 17511, 17504, 17622];
    public static readonly long[] XoOx = [5923, 4992, 5888, 6387, 5210, 5119, 4756, 6098, 6739, 5642, 5651, 6277];
    public static readonly long[] Oo = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    // Printed results of the paper's analysis (Table I, last three rows).
    public static readonly double[] S11 = [1.02e-4, 1.54e-4, 1.23e-4, 1.38e-4, 1.41e-4, 2.15e-4, 1.78e-4, 1.53e-4, 1.81e-4, 1.02e-4, 2.04e-4, 1.24e-4];
    public static readonly double[] E11 = [0.1455, 0.1941, 0.0734, 0.1149, 0.1565, 0.1469, 0.2291, 0.1651, 0.1463, 0.1160, 0.2005, 0.1648];
    public static readonly double[] KeyRate = [1.64e-6, 2.32e-6, 4.02e-6, 3.17e-6, 2.34e-6, 4.07e-6, 2.01e-6, 2.33e-6, 3.13e-6, 1.89e-6, 2.95e-6, 2.13e-6];

    /// <summary>Column whose printed key rate does not follow from its own printed s11 and e11 (sixth column: BD in the second run, index 5).</summary>
    public const int InconsistentColumn = 5;

    public static MdiDecoyInput Input(int column) => new()
    {
        SignalZ = Z, DecoyY = Y, DecoyX = X,
        Pz = Pz, Py = Py, Px = Px, Po = Po,
        PulsePairsTotal = PulsePairs,
        CountZz = Zz[column], ErrorsZz = ZzErr[column],
        CountYy = Yy[column],
        CountXx = Xx[column], ErrorsXx = XxErr[column],
        CountYoPlusOy = YoOy[column], CountXoPlusOx = XoOx[column],
        CountOo = Oo[column],
        Eps = Eps, ErrorCorrectionEfficiency = F,
    };
}
