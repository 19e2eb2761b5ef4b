using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Tests.Analysis.Cv.Broadcast;

/// <summary>Ordering of the paper's limits (K_LB,i &lt;= K_ABi, sum K_LB &lt;= K_tot &lt;= K_UB) and monotonicity of K_ABi.</summary>
public class BroadcastBoundsTests
{
    public static TheoryData<int, double, double, double> Cases => new()
    {
        { 2, 0.0, 4.0, 0.05 }, { 4, 20.0, 4.0, 0.05 }, { 8, 60.0, 4.0, 0.05 }, { 4, 10.0, 20.0, 0.05 }, { 3, 5.0, 50.0, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CvLowerLimitBelowPerUserAndTotalBelowUpperLimit(int n, double km, double vm, double eps)
    {
        var r = BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(n, km, vm, eps, 0.6, 0.1, 0.956));
        const double tol = 1e-9;
        Assert.All(r.Users, u => Assert.True(u.LowerBoundKeyRate <= u.KeyRate + tol, $"K_LB {u.LowerBoundKeyRate} > K_ABi {u.KeyRate}"));
        Assert.All(r.Users, u => Assert.True(u.ConditionalHolevo + u.OtherBobsInformation <= u.WorstCaseHolevo + tol));
        Assert.True(r.LowerBoundTotal <= r.Total + tol);
        Assert.True(r.Total <= r.UpperBound + tol, $"K_tot {r.Total} > K_UB {r.UpperBound}");
    }

    [Fact]
    public void CvNonUniformNetworkRespectsTheLimits()
    {
        double td = BroadcastNetwork.FibreTransmittance(5);
        var net = new BroadcastNetwork(2.3, BroadcastNetwork.FibreTransmittance(25), 0.0,
            new[] { new BroadcastUser(td, 0.085, 0.502, 0.0), new BroadcastUser(td, 0.103, 0.485, 0.0) }, 0.96);
        var r = BroadcastKeyRates.Compute(net);
        Assert.True(r.Users[0].KeyRate > r.Users[1].KeyRate); // worse detector and more noise for Bob 2
        Assert.All(r.Users, u => Assert.True(u.LowerBoundKeyRate <= u.KeyRate));
        Assert.True(r.LowerBoundTotal <= r.Total && r.Total <= r.UpperBound);
    }

    [Fact]
    public void CvPerUserRateDecreasesWithDistance()
    {
        double[] rates = Enumerable.Range(0, 11)
            .Select(k => BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(4, 10.0 * k, 4, 0.05, 0.6, 0.1, 0.956)).Users[0].KeyRate)
            .ToArray();
        for (int k = 1; k < rates.Length; k++) Assert.True(rates[k] < rates[k - 1], $"K_ABi at {10 * k} km not below {10 * (k - 1)} km");
    }

    [Fact]
    public void CvPerUserRateDecreasesWithUserCount()
    {
        double[] rates = new[] { 1, 2, 4, 8, 16, 32 }
            .Select(n => BroadcastKeyRates.Compute(BroadcastNetwork.Uniform(n, 20, 4, 0.05, 0.6, 0.1, 0.956)).Users[0].KeyRate)
            .ToArray();
        for (int k = 1; k < rates.Length; k++) Assert.True(rates[k] < rates[k - 1]);
    }
}
