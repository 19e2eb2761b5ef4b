using QkdNetSim.Protocols.AccessNetwork;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Protocols.AccessNetwork;

/// <summary>
/// Simulated signal QBER against the seed-004 Methods closed form (<see cref="MethodsQberModel.QberPositionResolved"/>:
/// the Methods formula with p_X resolved by bin position and secondaries spawned by the average pulse; identical to
/// the printed formula's structure). Tolerance 4 sigma of the simulated QBER, sigma = sqrt(e(1-e)/n_sifted): the
/// sifted bits are (nearly) independent Bernoulli trials. The closed form neglects second-order terms (saturation
/// ~eta/2, secondaries overlapping clicks), which are below ~1 sigma at these sample sizes.
/// </summary>
public class ClosedFormQberTests(ITestOutputHelper output)
{
    [Theory]
    [Trait("Category", "Statistical")]
    // Sessions sized for 0.3-2 million sifted signal bits of user 0 (sigma 0.01-0.04 percentage points), ~1-3 s each.
    [InlineData(8, 1, 0.0, 9.7, 2.0)]
    [InlineData(8, 2, 19.5, 9.7, 4.0)]     // Fig. 3a-like: users in bins 0 and 4
    [InlineData(8, 8, 10.0, 9.7, 10.0)]
    [InlineData(16, 16, 5.0, 13.0, 20.0)]
    [InlineData(32, 8, 15.0, 16.1, 60.0)]
    [InlineData(64, 64, 20.0, 19.5, 200.0)]
    public void SimulatedQberMatchesMethodsFormula(int timeBins, int activeUsers, double fibreKm, double splitterDb, double durationS)
    {
        var config = TestNetworks.Seed004(timeBins, TestNetworks.Spread(activeUsers, timeBins), 0.2 * fibreKm + splitterDb, durationS, seed: 11);
        var sim = SiftCounter.Run(config, perPulse: false);
        var (n, e) = sim.Signal(0);
        double q = (double)e / n;
        double sigma = Math.Sqrt(q * (1 - q) / n);
        double model = MethodsQberModel.QberPositionResolved(config, config.Users[0], 0.5);
        double eta = 0.5 * config.PhotonDetectionProbability(config.Users[0]);
        double literal = MethodsQberModel.Qber(eta, 0.005, 0.045, 16e-6, timeBins, activeUsers);
        output.WriteLine($"N={timeBins} n={activeUsers} L={fibreKm} km: sim {q:P4} ± {sigma:P4} ({n:N0} bits), model {model:P4} (z = {(q - model) / sigma:F2}), printed formula {literal:P4}");
        Assert.True(Math.Abs(q - model) < 4 * sigma, $"sim {q:P4} vs closed form {model:P4}, sigma {sigma:P4}");
    }

    [Fact]
    public void PositionResolvedFormulaEqualsPrintedFormulaForAFullNetworkWithFlatSources()
    {
        // With all N bins active and secondaries spawned at the signal flux, the position-resolved p_X sums to the
        // Methods p_X (n-1) exactly, up to the trap law's small departure from an even spread over the bins.
        var src = new QkdNetSim.Optics.DecoySource(new[] { 0.5 }, new[] { 1.0 });
        var config = TestNetworks.Seed004(8, TestNetworks.Spread(8, 8), 12.0, 1, source: src);
        double eta = 0.5 * config.PhotonDetectionProbability(config.Users[0]);
        double literal = MethodsQberModel.Qber(eta, 0.005, 0.045, 16e-6, 8, 8);
        double resolved = MethodsQberModel.QberPositionResolved(config, config.Users[0], 0.5);
        Assert.Equal(literal, resolved, 4);
    }
}
