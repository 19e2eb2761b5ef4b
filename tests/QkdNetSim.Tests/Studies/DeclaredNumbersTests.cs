using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Studies;

namespace QkdNetSim.Tests.Studies;

/// <summary>
/// A dataset column's type comes from the summary's C# type where it declares one, so the same metric has the same type
/// in every study (a key rate that happens to be 0 everywhere stays double); paths the type does not describe are unknown.
/// </summary>
public sealed class DeclaredNumbersTests
{
    [Theory]
    [InlineData("secretKeyRateBitPerS", true)]
    [InlineData("qberPerBasisIntensity.0.1", true)]
    [InlineData("decoyFinite.phaseErrorUpper.1", true)]
    [InlineData("siftedBits", false)]
    [InlineData("siftedBitsPerBasisIntensity.1.2", false)]
    [InlineData("emittedPulses.0", false)]
    public void AccessUserFieldsAreTypedByTheirDeclaration(string path, bool real) =>
        Assert.Equal(real, new DeclaredNumbers(typeof(RunSummary)).Items("users").IsReal(path));

    [Theory]
    [InlineData("run.wallTimeS", true)]
    [InlineData("run.simulatedGates", false)]
    [InlineData("bins.3.clickRows", false)]
    public void AccessRootFieldsAreTypedByTheirDeclaration(string path, bool real) =>
        Assert.Equal(real, new DeclaredNumbers(typeof(RunSummary)).IsReal(path));

    [Fact]
    public void MdiYieldsAndCvIntervalsAreReachedThroughDictionariesAndObjects()
    {
        var pairs = new DeclaredNumbers(typeof(MdiRunSummary)).Items("pairs");
        Assert.Equal(false, pairs.IsReal("yields.zz.count"));
        Assert.Equal(true, pairs.IsReal("yields.zz.yield"));
        Assert.Equal(true, pairs.IsReal("keyRateBitPerS"));
        var bobs = new DeclaredNumbers(typeof(CvRunSummary)).Items("users");
        Assert.Equal(true, bobs.IsReal("transmittance.standardError"));
        Assert.Equal(false, bobs.IsReal("quadraturePairs"));
        Assert.Equal(true, bobs.IsReal("covarianceSnu.1.2"));
    }

    [Fact]
    public void PathsTheTypeDoesNotDescribeAreUnknown()
    {
        Assert.Null(new DeclaredNumbers(typeof(RunSummary)).IsReal("users.0.noSuchField"));
        Assert.Null(new DeclaredNumbers(typeof(RunSummary)).IsReal("scenarioName"));
        Assert.Null(new DeclaredNumbers(null).IsReal("secretKeyRateBitPerS"));
    }
}
