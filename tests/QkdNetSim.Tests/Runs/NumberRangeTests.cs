using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// Every number has a range (issue 10, class 2): huge values, NaN, infinities and integer overflow given through `--set`
/// are one-line input errors naming the field, before any allocation or simulation, for every kind.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class NumberRangeTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Model(string name) => Path.Combine(CliFiles.RepoRoot, "models", "networks", name);

    [Theory]
    [InlineData("receiver.gateRateHz", "1e308")]
    [InlineData("receiver.gateRateHz", ".nan")]
    [InlineData("receiver.timeBins", "2000000000")]
    [InlineData("receiver.timeBins", "99999999999999999999")]
    [InlineData("userCount", "100000000")]
    [InlineData("combiner.ports", "99999999")]
    [InlineData("combiner.insertionLossDb", ".inf")]
    [InlineData("receiver.detector.holdoffGates", "2000000000")]
    [InlineData("receiver.detector.afterpulseTrapLifetimesNs.0", "1e308")]
    [InlineData("users.0.fibreLengthKm", "1e308")]
    [InlineData("users.0.extraLossDb", "1e308")]
    [InlineData("users.0.timingOffsetPs", "1e308")]
    [InlineData("log.rowGroupSize", "2000000000")]
    [InlineData("durationS", "1e-300")]
    [InlineData("seed", "18446744073709551616")]
    public void AccessNetworkNumbersOutsideTheirRangeAreInputErrors(string field, string value)
    {
        string outDir = _tmp.Sub("access");
        var r = CliRunner.Invoke("run", "--out", outDir, "--quiet", "--set", $"{field}={value}");
        CliAssert.BadInput(r, "--set", field, outDir);
    }

    [Theory]
    [InlineData("users.0.channelLossDb", "1e308")]
    [InlineData("log.rowGroupSize", "2000000000")]
    [InlineData("comb.linewidthHz", "1e308")]
    [InlineData("relay.detector.deadTimeNs", "1e300")]
    [InlineData("durationS", ".inf")]
    public void MdiNetworkNumbersOutsideTheirRangeAreInputErrors(string field, string value)
    {
        string outDir = _tmp.Sub("mdi");
        var r = CliRunner.Invoke("run", Model("seed002-four-user-mdi.yaml"), "--out", outDir, "--quiet", "--set", $"{field}={value}");
        CliAssert.BadInput(r, "--set", field, outDir);
    }

    [Theory]
    [InlineData("samples", "9223372036854775807")]
    [InlineData("modulationVarianceSnu", "1e308")]
    [InlineData("modulationVarianceSnu", ".nan")]
    [InlineData("feederFibreKm", "1e308")]
    [InlineData("attenuationDbPerKm", ".inf")]
    [InlineData("users.0.excessNoiseSnu", "1e308")]
    [InlineData("users.0.electronicNoiseSnu", "1e308")]
    [InlineData("log.rowGroupSize", "2000000000")]
    public void CvNetworkNumbersOutsideTheirRangeAreInputErrors(string field, string value)
    {
        string outDir = _tmp.Sub("cv");
        var r = CliRunner.Invoke("run", Model("seed000-three-node-cv.yaml"), "--out", outDir, "--quiet", "--set", $"{field}={value}");
        CliAssert.BadInput(r, "--set", field, outDir);
    }
}
