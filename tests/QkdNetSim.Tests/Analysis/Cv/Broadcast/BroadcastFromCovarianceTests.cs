using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Tests.Analysis.Cv.Broadcast;

/// <summary>Key rates from a given covariance matrix (the analyzer's path for estimated or lab matrices) equal the model's.</summary>
public class BroadcastFromCovarianceTests
{
    [Fact]
    public void CvRatesFromTheStateBeforeDetectionEqualTheNetworkRates()
    {
        double tf = BroadcastNetwork.FibreTransmittance(25), td = BroadcastNetwork.FibreTransmittance(5);
        var network = new BroadcastNetwork(2.3, tf, 0.01,
            new[] { new BroadcastUser(td, 0.085, 0.502, 0.05), new BroadcastUser(td * 0.9, 0.103, 0.485, 0.1), new BroadcastUser(td, 0.0, 0.6, 0.0) },
            0.96);
        var expected = BroadcastKeyRates.Compute(network, shareIdenticalUsers: false);
        var before = BroadcastState.BeforeDetection(network);
        var state = BroadcastState.WithTrustedDetectors(before, network.Users.Select(u => u.TrustedDetectorTransmittance).ToArray());
        var actual = BroadcastKeyRates.Compute(state, network.ReconciliationEfficiency);
        // Same symplectic operations in the same order: agreement to rounding.
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected.Users[i].KeyRate, actual.Users[i].KeyRate, 12);
            Assert.Equal(expected.Users[i].LowerBoundKeyRate, actual.Users[i].LowerBoundKeyRate, 12);
        }
        Assert.Equal(expected.UpperBound, actual.UpperBound, 12);
    }
}
