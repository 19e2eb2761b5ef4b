using QkdNetSim.Experiments.Plotting;

namespace QkdNetSim.Tests.Experiments.Plotting;

public sealed class AxisLabelsTests
{
    [Theory]
    [InlineData("drift.phase.noiseRadPerSqrtS", "noise, drift phase (rad/√s)")]
    [InlineData("drift.phase.reversionRatePerS", "reversion rate, drift phase (1/s)")]
    [InlineData("secretKeyRateBitPerS", "secret key rate (bit/s)")]
    [InlineData("asymptoticKeyRateBitPerS", "asymptotic key rate (bit/s)")]
    [InlineData("averageKeyRateBitPerSRigorous", "average key rate rigorous (bit/s)")]
    [InlineData("fourFoldAverageRateHz", "four fold average rate (Hz)")]
    [InlineData("users.1.fibreLengthKm", "fibre length, users [1] (km)")]
    [InlineData("relay.detector.deadTimeNs", "dead time, relay detector (ns)")]
    [InlineData("channelLossDb", "channel loss (dB)")]
    [InlineData("users.0.fibreLossDbPerKm", "fibre loss, users [0] (dB/km)")]
    [InlineData("run.wallTimeS", "wall time, run (s)")]
    [InlineData("detector.deadTimePs", "dead time, detector (ps)")]
    [InlineData("excessNoiseSnu.standardError", "excess noise standard error (SNU)")]
    [InlineData("transmittance.value", "transmittance")]
    [InlineData("gg02KeyRateEstimateBits", "GG02 key rate estimate (bit/symbol)")]
    [InlineData("siftedBits", "sifted bits")]
    [InlineData("afterpulseProbability", "afterpulse probability")]
    [InlineData("qberSignal", "QBER signal")]
    [InlineData("decoyFinite.phaseErrorUpper.0", "phase error upper [0], decoy finite")]
    [InlineData("siftedBitsPerBasisIntensity.0.1", "sifted bits per basis intensity [0, 1]")]
    [InlineData("network.averageKeyRateBitPerS", "average key rate (bit/s)")]
    public void Labels_are_words_with_the_unit_of_the_name_suffix(string column, string label) =>
        Assert.Equal(label, AxisLabels.Label(column));

    [Theory]
    [InlineData("secretKeyRateBitPerS", true)]
    [InlineData("fourFold.0.rateHz", true)]
    [InlineData("keyRatePerPulse", true)]
    [InlineData("networkKeyRateEstimateBits", true)]
    [InlineData("qberSignal", false)]
    [InlineData("afterpulseProbability", false)]
    [InlineData("run.wallTimeS", false)]
    public void Rates_are_recognised_by_their_name(string column, bool rate) => Assert.Equal(rate, AxisLabels.IsRate(column));

    [Fact]
    public void A_legend_entry_names_the_parameter_its_value_and_unit() =>
        Assert.Equal("fibre length, users [1] = 12.5 km", AxisLabels.Legend("users.1.fibreLengthKm", 12.5));

    [Theory]
    [InlineData(0.045, "0.045")]
    [InlineData(20000.0, "20000")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(2.5e6, "2.5e06")]
    [InlineData(1.23456, "1.235")]
    public void Numbers_print_plainly_in_the_everyday_range_and_as_powers_beyond(double value, string text) =>
        Assert.Equal(text, AxisLabels.FormatValue(value));

    [Fact]
    public void A_log_axis_labels_each_decade_and_a_narrow_one_labels_round_values()
    {
        var wide = AxisTicks.Log(-0.2, 4.1).Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["1", "10", "100", "1000", "10000"], wide);
        var narrow = AxisTicks.Log(Math.Log10(150), Math.Log10(900)).Where(t => t.IsMajor).Select(t => t.Label).ToArray();
        Assert.Equal(["200", "400", "600", "800"], narrow);
    }
}
