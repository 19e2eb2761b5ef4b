using QkdNetSim.Protocols.Mdi;
using Xunit;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>Coherent-field BSM model against closed forms of weak-coherent-pulse interference.</summary>
public class BsmPhysicsTests
{
    private static (BsmOptics optics, MdiExpectedOutcomes model) Model(MdiNetworkConfig c)
    {
        var table = new UserStateTable(c.Users[0].Encoder);
        var o = new BsmOptics(c.Modules[0], table, table, c.Timing);
        return (o, new MdiExpectedOutcomes(o, c.Timing));
    }

    private static TimeBinEncoder OnlyZ(double mu) => new([mu], [1.0], [0], 60);
    private static TimeBinEncoder OnlyX(double mu) => new([mu], [1.0], [1], 60);

    /// <summary>HOM: both send |e>; coincidences D0-D1 in the early bin relative to fully distinguishable fields.</summary>
    private static double HomVisibility(double mu, double pol, double delayPs, double eta = 1e-3)
    {
        var det = MdiTestNetworks.Snspd(1.0, 0, 0, 0);
        var (o, m) = Model(MdiTestNetworks.Pair(eta, pol, delayPs, det, encoder: OnlyZ(mu)));
        var (od, md) = Model(MdiTestNetworks.Pair(eta, 0.0, delayPs, det, encoder: OnlyZ(mu)));
        int pair = o.PairIndex(0, 0); // state 0 = intensity 0, bit 0 (|e>)
        return 1 - m.TwoFold(pair)[0] / md.TwoFold(pair)[0];
    }

    [Fact]
    public void HomVisibilityOfCoherentPulsesTendsTo50Percent()
    {
        // Small-mean limit: V = kappa^2 / 2 exactly as mu eta -> 0; at 1e-3 photons per mode corrections are ~1e-3.
        Assert.InRange(HomVisibility(1.0, 1.0, 0), 0.497, 0.5);
        Assert.InRange(HomVisibility(1.0, 0.934, 0), 0.934 / 2 - 0.003, 0.934 / 2);
    }

    [Fact]
    public void HomVisibilityFallsWithDelayAsThePulseOverlap()
    {
        // Transform-limited Gaussian pulses: kappa^2 = exp(-tau^2 / (4 sigma^2)), sigma = FWHM / 2.355 (800 ps pulses).
        double sigma = 800 / (2 * Math.Sqrt(2 * Math.Log(2)));
        foreach (double tau in new[] { 200.0, 400.0, 700.0 })
        {
            double expected = Math.Exp(-tau * tau / (4 * sigma * sigma)) / 2;
            Assert.InRange(HomVisibility(1.0, 1.0, tau), expected - 0.004, expected + 0.001);
        }
        Assert.True(HomVisibility(1.0, 1.0, 300) > HomVisibility(1.0, 1.0, 600));
    }

    [Fact]
    public void XBasisErrorRateHasTheWeakCoherentFloorOf25Percent()
    {
        // Same X states project onto Psi- only through the phase-averaged multi-photon terms: QBER_X = (2 - kappa^2 c^2)/4
        // in the small-mean limit (c: early-late coherence), i.e. 25 % for ideal fields.
        var det = MdiTestNetworks.Snspd(1.0, 0, 0, 0);
        var (o, m) = Model(MdiTestNetworks.Pair(1e-3, 1.0, 0, det, encoder: OnlyX(1.0), linewidthHz: 0));
        double same = m.PsiMinus(o.PairIndex(0, 0)) + m.PsiMinus(o.PairIndex(1, 1));
        double diff = m.PsiMinus(o.PairIndex(0, 1)) + m.PsiMinus(o.PairIndex(1, 0));
        Assert.InRange(same / (same + diff), 0.249, 0.2505);

        var (o2, m2) = Model(MdiTestNetworks.Pair(1e-3, 0.934, 0, det, encoder: OnlyX(1.0), linewidthHz: 0));
        same = m2.PsiMinus(o2.PairIndex(0, 0)) + m2.PsiMinus(o2.PairIndex(1, 1));
        diff = m2.PsiMinus(o2.PairIndex(0, 1)) + m2.PsiMinus(o2.PairIndex(1, 0));
        Assert.InRange(same / (same + diff), (2 - 0.934) / 4 - 0.001, (2 - 0.934) / 4 + 0.001);
    }

    [Fact]
    public void LinewidthLowersTheBsmVisibilityThroughTheEarlyLateCoherence()
    {
        // BSM visibility (diff - same)/(diff + same) = kappa^2 c_A c_B / 2 with c = exp(-pi linewidth T) per user.
        var det = MdiTestNetworks.Snspd(1.0, 0, 0, 0);
        double lw = 5e6, T = 5e-9;
        var (o, m) = Model(MdiTestNetworks.Pair(1e-3, 1.0, 0, det, encoder: OnlyX(1.0), linewidthHz: lw));
        double same = m.PsiMinus(o.PairIndex(0, 0)) + m.PsiMinus(o.PairIndex(1, 1));
        double diff = m.PsiMinus(o.PairIndex(0, 1)) + m.PsiMinus(o.PairIndex(1, 0));
        double c = Math.Exp(-Math.PI * lw * T);
        Assert.InRange((diff - same) / (diff + same), c * c / 2 - 0.002, c * c / 2 + 0.001);
    }

    [Fact]
    public void ZBasisSinglePhotonYieldIsAQuarterOfThePairTransmittance()
    {
        // Opposite Z bits: the two photons sit in different bins and leave on different detectors half the time.
        var det = MdiTestNetworks.Snspd(1.0, 0, 0, 0);
        double eta = 1e-2, mu = 1e-3;
        var (o, m) = Model(MdiTestNetworks.Pair(eta, 1.0, 0, det, encoder: OnlyZ(mu)));
        double p = m.PsiMinus(o.PairIndex(0, 1));
        // P(each detects its photon) ~ (eta mu)^2 x window acceptance^2 x 1/2.
        double sigma = 800 / (2 * Math.Sqrt(2 * Math.Log(2)));
        double w = MathNet.Numerics.SpecialFunctions.Erf(500 / (sigma * Math.Sqrt(2)));
        Assert.InRange(p / ((eta * mu) * (eta * mu) * w * w / 2), 0.99, 1.001);
    }
}
