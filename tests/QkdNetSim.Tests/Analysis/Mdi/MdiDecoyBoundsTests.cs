using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core;

namespace QkdNetSim.Tests.Analysis.Mdi;

/// <summary>
/// Checks the decoy bounds against a channel whose photon-number-resolved yields s_jk and error rates e_jk are known:
/// the expected counts of every intensity combination are fed in (huge N, so finite-size terms are negligible) and
/// s11^L must lie below the true s11, e11^ph,U above the true e11.
/// </summary>
public class MdiDecoyBoundsTests
{
    private const double Z = 0.636, Y = 0.204, X = 0.054;
    private const double Pz = 0.754, Py = 0.036, Px = 0.188, Po = 0.022;
    private const double Eta = 0.03;       // per-side transmittance of the toy channel
    private const double E11True = 0.08;
    private const int Cut = 30;

    // Toy MDI channel: a |Psi^-> success needs light from both sides, plus a small background.
    private static double Yield(int j, int k)
    {
        double tj = 1 - Math.Pow(1 - Eta, j), tk = 1 - Math.Pow(1 - Eta, k);
        if (j == 0 && k == 0) return 3e-9;
        if (j == 0 || k == 0) return 2e-6 * (tj + tk);
        return 0.5 * tj * tk + 1e-7;
    }

    private static double ErrorRate(int j, int k)
    {
        if (j == 0 || k == 0) return 0.5;          // a vacuum side leaves the bit random
        if (j == 1 && k == 1) return E11True;
        return 0.3;
    }

    private static double Poisson(double mu, int k)
    {
        double p = Math.Exp(-mu);
        for (int i = 1; i <= k; i++) p *= mu / i;
        return p;
    }

    private static (double s, double t) Expected(double mA, double mB)
    {
        double s = 0, t = 0;
        for (int j = 0; j <= Cut; j++)
            for (int k = 0; k <= Cut; k++)
            {
                double w = Poisson(mA, j) * Poisson(mB, k) * Yield(j, k);
                s += w;
                t += w * ErrorRate(j, k);
            }
        return (s, t);
    }

    private static MdiDecoyInput ToyInput(double total)
    {
        var n = MdiPulseCounts.FromTotal(total, Pz, Py, Px, Po);
        var zz = Expected(Z, Z); var yy = Expected(Y, Y); var xx = Expected(X, X);
        var oy = Expected(0, Y); var ox = Expected(0, X); var oo = Expected(0, 0);
        return new MdiDecoyInput
        {
            SignalZ = Z, DecoyY = Y, DecoyX = X,
            Pz = Pz, Py = Py, Px = Px, Po = Po,
            PulsePairsTotal = total,
            CountZz = (long)Math.Round(n.Zz * zz.s), ErrorsZz = (long)Math.Round(n.Zz * zz.s * 0.01),
            CountYy = (long)Math.Round(n.Yy * yy.s),
            CountXx = (long)Math.Round(n.Xx * xx.s), ErrorsXx = (long)Math.Round(n.Xx * xx.t),
            CountYoPlusOy = (long)Math.Round(2 * n.Oy * oy.s),
            CountXoPlusOx = (long)Math.Round(2 * n.Ox * ox.s),
            CountOo = (long)Math.Round(n.Oo * oo.s),
        };
    }

    [Fact]
    public void BoundsBracketTheTrueSinglePhotonValuesOfAKnownChannel()
    {
        double s11True = Yield(1, 1);
        var r = MdiDecoyAnalysis.Analyze(ToyInput(1e18));
        foreach (var est in new[] { r.Paper, r.Rigorous })
        {
            Assert.True(est.S11Lower <= s11True, $"s11^L {est.S11Lower:E6} above true {s11True:E6}");
            Assert.True(est.S11Lower >= 0.9 * s11True, $"s11^L {est.S11Lower:E6} far below true {s11True:E6}");
            Assert.True(est.E11PhUpper >= E11True, $"e11^U {est.E11PhUpper:F5} below true {E11True}");
            Assert.True(est.E11PhUpper <= E11True + 0.05, $"e11^U {est.E11PhUpper:F5} far above true {E11True}");
        }
    }

    [Fact]
    public void FewerPulsesGiveLooserBoundsAndLessKey()
    {
        var big = MdiDecoyAnalysis.Analyze(ToyInput(1e18)).Paper;
        var small = MdiDecoyAnalysis.Analyze(ToyInput(1e12)).Paper;
        Assert.True(small.S11Lower < big.S11Lower);
        Assert.True(small.E11PhUpper > big.E11PhUpper);
        Assert.True(small.KeyRatePerPulsePair < big.KeyRatePerPulsePair);
    }

    [Fact]
    public void JointLowerBoundIsBetweenSeparateBoundsAndTheObservedValue()
    {
        Func<double, double> lo = c => ChernoffBound.Lower(c, 1e-10, ChernoffForm.YanEq2);
        double joint = MdiDecoyAnalysis.JointLower(1.0, 90000, 0.9, 15000, lo);
        double separate = lo(90000) + 0.9 * lo(15000);
        Assert.True(joint > separate);
        Assert.True(joint < 90000 + 0.9 * 15000);
    }

    [Fact]
    public void ExactInversionIsAccepted()
    {
        var r = MdiDecoyAnalysis.Analyze(MdiTableIData.Input(0), new MdiDecoyOptions { Chernoff = ChernoffForm.ExactInversion });
        Assert.Equal(2 * Math.Log(1 / 1e-10) / (3e12 * Po * Po), r.Rigorous.SooUpper, 15);
        Assert.True(r.Paper.KeyRatePerPulsePair > 0);
    }

    [Theory]
    [InlineData("decoyY")]
    [InlineData("vacuumO")]
    [InlineData("pz+py+px+po")]
    [InlineData("pulsePairsTotal")]
    [InlineData("errorsXx")]
    [InlineData("countOo")]
    [InlineData("eps")]
    [InlineData("errorCorrectionEfficiency")]
    public void InvalidInputNamesTheField(string field)
    {
        var ok = MdiTableIData.Input(0);
        MdiDecoyInput bad = field switch
        {
            "decoyY" => Clone(ok, decoyY: X),
            "vacuumO" => Clone(ok, vacuumO: 0.001),
            "pz+py+px+po" => Clone(ok, pz: 0.7),
            "pulsePairsTotal" => Clone(ok, noTotal: true),
            "errorsXx" => Clone(ok, errorsXx: ok.CountXx + 1),
            "countOo" => Clone(ok, countOo: -1),
            "eps" => Clone(ok, eps: 0),
            "errorCorrectionEfficiency" => Clone(ok, f: 0.9),
            _ => throw new ArgumentException(field),
        };
        var ex = Assert.Throws<AnalysisInputException>(() => MdiDecoyAnalysis.Analyze(bad));
        Assert.Equal(field, ex.Field);
    }

    private static MdiDecoyInput Clone(MdiDecoyInput o, double? decoyY = null, double? vacuumO = null, double? pz = null,
        bool noTotal = false, long? errorsXx = null, long? countOo = null, double? eps = null, double? f = null) => new()
    {
        SignalZ = o.SignalZ, DecoyY = decoyY ?? o.DecoyY, DecoyX = o.DecoyX, VacuumO = vacuumO ?? o.VacuumO,
        Pz = pz ?? o.Pz, Py = o.Py, Px = o.Px, Po = o.Po,
        PulsePairsTotal = noTotal ? null : o.PulsePairsTotal,
        CountZz = o.CountZz, ErrorsZz = o.ErrorsZz, CountYy = o.CountYy, CountXx = o.CountXx,
        ErrorsXx = errorsXx ?? o.ErrorsXx, CountYoPlusOy = o.CountYoPlusOy, CountXoPlusOx = o.CountXoPlusOx,
        CountOo = countOo ?? o.CountOo, Eps = eps ?? o.Eps, ErrorCorrectionEfficiency = f ?? o.ErrorCorrectionEfficiency,
    };
}
