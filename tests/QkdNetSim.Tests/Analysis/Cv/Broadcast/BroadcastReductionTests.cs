using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Tests.Analysis.Cv.Broadcast;

/// <summary>
/// The multi-mode broadcast computation against the single-user toolkit and the paper's closed forms
/// (Bian et al., arXiv:2507.04462): N = 1 is GG02, Eqs. 29-31 for the splitter tree, K_UB = point-to-point over (T, eps)
/// (Fig. 2b) and K_LB = point-to-point over (T/N, eps) (Fig. 2c, a passive splitter adds no excess noise, eps' = 0).
/// The paper's detector model is a trusted beam splitter eta_D = eta/(1 + v_ele) with vacuum ancilla, which is
/// Gg02KeyRate's heterodyne detector with efficiency eta_D and no electronic noise.
/// </summary>
public class BroadcastReductionTests
{
    private static Gg02Result PointToPoint(double vm, double t, double eps, double eta, double vel, double beta)
        => Gg02KeyRate.Compute(new Gg02Input(vm, t, eps, TrustedDetector.Heterodyne(eta / (1 + vel), 0.0), beta));

    [Theory]
    [InlineData(4.0, 0.0, 0.05, 0.6, 0.1, 0.956)]
    [InlineData(4.0, 20.0, 0.05, 0.6, 0.1, 0.956)]
    [InlineData(10.0, 50.0, 0.01, 0.8, 0.02, 0.98)]
    [InlineData(2.0, 80.0, 0.0, 1.0, 0.0, 1.0)]
    public void CvSingleUserIsGg02HeterodyneReverseReconciliation(double vm, double km, double eps, double eta, double vel, double beta)
    {
        var r = BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(1, km, vm, eps, eta, vel, beta));
        var g = PointToPoint(vm, BroadcastNetwork.FibreTransmittance(km), eps, eta, vel, beta);
        Assert.Equal(g.KeyRateBits, r.Users[0].KeyRate, 9);
        Assert.Equal(g.MutualInformationBits, r.Users[0].MutualInformation, 9);
        Assert.Equal(g.HolevoBoundBits, r.Users[0].ConditionalHolevo, 9);
        Assert.Equal(0.0, r.Users[0].OtherBobsInformation);
        Assert.Equal(g.KeyRateBits, r.UpperBound, 9);
        Assert.Equal(g.KeyRateBits, r.Users[0].LowerBoundKeyRate, 9);
    }

    [Theory]
    [InlineData(2, 0.0)]
    [InlineData(5, 30.0)]
    [InlineData(8, 10.0)]
    public void CvSplitterTreeMatchesEqs29To31(int n, double km)
    {
        const double vm = 4.0, eps = 0.05;
        var net = BroadcastNetwork.Uniform(n, km, vm, eps, 1.0, 0.0, 1.0);
        var g = BroadcastState.BeforeDetection(net);
        double t = net.FeederTransmittance, v = vm + 1;
        double vb0 = t * (v + 1 / t - 1 + eps), cab0 = Math.Sqrt(t * (v * v - 1));
        for (int i = 1; i <= n; i++)
        {
            for (int q = 0; q < 2; q++)
            {
                double sign = q == 0 ? 1 : -1;
                Assert.Equal(vb0 / n + 1 - 1.0 / n, g[2 * i + q, 2 * i + q], 10);            // Eq. 29
                Assert.Equal(sign * Math.Sqrt(1.0 / n) * cab0, g[q, 2 * i + q], 10);           // Eq. 31
                for (int j = i + 1; j <= n; j++)
                    Assert.Equal((vb0 - 1) / n, g[2 * i + q, 2 * j + q], 10);                  // Eq. 30
            }
            Assert.Equal(0.0, g[2 * i, 2 * i + 1], 12); // no x-p correlations (used by Eqs. 22-24 per quadrature)
        }
    }

    [Theory]
    [InlineData(4, 0.0)]
    [InlineData(4, 40.0)]
    [InlineData(16, 20.0)]
    public void CvUpperLimitIsPointToPointAndLowerLimitIsPointToPointOverTOverN(int n, double km)
    {
        const double vm = 4, eps = 0.05, eta = 0.6, vel = 0.1, beta = 0.956;
        var r = BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(n, km, vm, eps, eta, vel, beta));
        double t = BroadcastNetwork.FibreTransmittance(km);
        Assert.Equal(PointToPoint(vm, t, eps, eta, vel, beta).KeyRateBits, r.UpperBound, 8);       // Fig. 2b
        var worst = PointToPoint(vm, t / n, eps, eta, vel, beta);                                // Fig. 2c, eps' = 0
        Assert.Equal(worst.KeyRateBits, r.Users[0].LowerBoundKeyRate, 8);
        double iab = GaussianMutualInformation.AliceBobGaussianModulation(vm, t / n, eps, TrustedDetector.Heterodyne(eta / (1 + vel), 0.0));
        Assert.Equal(iab, r.Users[0].MutualInformation, 10);                                     // Eq. 22 vs closed form
    }

    [Fact]
    public void CvSharingIdenticalUsersChangesNothing()
    {
        double td = BroadcastNetwork.FibreTransmittance(5);
        var users = new[]
        {
            new BroadcastUser(td, 0.02, 0.6, 0.1), new BroadcastUser(td, 0.02, 0.6, 0.1),
            new BroadcastUser(1.0, 0.0, 0.5, 0.0), new BroadcastUser(td, 0.02, 0.6, 0.1),
        };
        var net = new BroadcastNetwork(4, BroadcastNetwork.FibreTransmittance(10), 0.03, users, 0.95);
        var shared = BroadcastKeyRates.Compute(net);
        var each = BroadcastKeyRates.Compute(net, shareIdenticalUsers: false);
        for (int i = 0; i < users.Length; i++)
        {
            Assert.Equal(each.Users[i].KeyRate, shared.Users[i].KeyRate, 10);
            Assert.Equal(each.Users[i].LowerBoundKeyRate, shared.Users[i].LowerBoundKeyRate, 10);
        }
        Assert.NotEqual(each.Users[0].KeyRate, each.Users[2].KeyRate, 6);
    }
}
