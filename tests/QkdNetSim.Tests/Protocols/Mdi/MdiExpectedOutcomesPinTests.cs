using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Data.Scenarios;
using Xunit;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>
/// The quadrature model's two-fold outcomes of seed 002's module AB pinned to the values of the direct evaluation (every
/// erfc window mass and cosine recomputed at every phase node) at commit 71db47a1839f071facaa43fa77687d2454444a1e, before
/// the invariants were precomputed. The precomputed model reproduces them bit for bit on the machine that recorded them;
/// the 1e-13 relative tolerance only allows for another platform's libm (any change of the formulas or the quadrature
/// moves them by far more).
/// </summary>
public class MdiExpectedOutcomesPinTests
{
    // State index = 2 x intensity + bit (intensities z, y, x, o): 0/1 Z |e>/|l>, 2 y|+>, 4/5 x |+>/|->, 6/7 vacuum.
    // Columns: state A, state B, then P(b0, b1) for [early-early, early-late, late-early, late-late].
    private static readonly double[,] Seed002 =
    {
        { 0, 0, 9.749448418382949E-05, 9.836219759323918E-08, 9.836219759323921E-08, 9.860383636591714E-11 },
        { 0, 1, 4.680423819000907E-05, 4.642950027704164E-05, 4.642950027704162E-05, 4.605715336401308E-05 },
        { 4, 4, 1.788991343505518E-07, 1.7933454117977074E-07, 1.7933454117977074E-07, 1.786547277401613E-07 },
        { 4, 5, 1.788991343505518E-07, 5.015093151546669E-07, 5.015093151546667E-07, 1.786547277401613E-07 },
        { 2, 6, 1.2144888300508918E-06, 1.212922289232848E-06, 1.212922289232848E-06, 1.2113577690592988E-06 },
        { 6, 7, 9.999995000001031E-15, 9.999990000004942E-15, 9.999990000004942E-15, 9.999985000011173E-15 },
    };

    // Bins 2 ns apart, so each window sees the other bin's Gaussian tail (the early factors then depend on the drift
    // delta), and B's pulses 300 ps late (shifted arrival centroids).
    private static readonly double[,] OverlappingTails =
    {
        { 0, 0, 0.00010352625946017132, 1.092757200739304E-07, 1.092757200739304E-07, 1.1514187286445089E-10 },
        { 0, 1, 4.682005596032665E-05, 3.863951375026538E-05, 3.863951375026538E-05, 3.1888160461188455E-05 },
        { 4, 4, 1.8959159695305557E-07, 1.89639579283914E-07, 1.89639579283914E-07, 1.893519309363196E-07 },
        { 4, 5, 1.8959205691776918E-07, 4.323282213904188E-07, 4.3232822139041883E-07, 1.8937700430200542E-07 },
        { 2, 6, 1.2145062542345995E-06, 1.2129400646244968E-06, 1.2129400646244968E-06, 1.2113758947239654E-06 },
        { 6, 7, 9.999992000003176E-15, 9.999990000004942E-15, 9.999990000004942E-15, 9.999988000006911E-15 },
    };

    [Fact]
    public void Seed002_module_AB_outcomes_equal_those_of_the_direct_quadrature() => AssertPinned(Seed002);

    [Fact]
    public void Outcomes_with_overlapping_bin_tails_and_a_relative_delay_equal_those_of_the_direct_quadrature() =>
        AssertPinned(OverlappingTails, "timing.earlyLateSeparationPs=2000", "modules.0.relativeDelayPs=300");

    private static void AssertPinned(double[,] pins, params string[] overrides)
    {
        var c = MdiScenarioLoader.Load(ScenarioTestSupport.ModelPath("networks/seed002-four-user-mdi.yaml"), overrides).Config;
        var module = c.Modules[0];
        var optics = new BsmOptics(module, new UserStateTable(c.Users[module.UserA].Encoder),
            new UserStateTable(c.Users[module.UserB].Encoder), c.Timing);
        var model = new MdiExpectedOutcomes(optics, c.Timing);
        for (int row = 0; row < pins.GetLength(0); row++)
        {
            var t = model.TwoFold(optics.PairIndex((int)pins[row, 0], (int)pins[row, 1]));
            for (int i = 0; i < 4; i++)
            {
                double expected = pins[row, 2 + i];
                Assert.True(Math.Abs(t[i] - expected) <= 1e-13 * expected,
                    $"pair ({pins[row, 0]}, {pins[row, 1]}) outcome {i}: {t[i]:R} != {expected:R}");
            }
        }
    }
}
