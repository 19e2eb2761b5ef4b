using QkdNetSim.Analysis;
using QkdNetSim.Analysis.Cv.Estimation;
using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;
using QkdNetSim.Protocols.Cv;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// Errors at the edge: the physics throws <see cref="AnalysisInputException"/> (field and rule, no file); the summary
/// builders and log readers of the run layer turn it into the user's InputError naming the file, the MDI pair's
/// analysisError or the CV summary note. The expected strings are the texts users saw before the physics stopped taking
/// a file name (summary.json is a public contract), written out here as literals.
/// </summary>
public sealed class AnalysisInputErrorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AccessSummaryReportsDecoyRulesTheCountsBreakAsAnInputErrorNamingTheLog()
    {
        // mu1 = mu2: the decoy bounds need mu1 > mu2 + mu3, a rule of DecoyBb84Input.
        var m = new RunManifest
        {
            SimulatedTimeS = 1, TimeBins = 1,
            Users = [new ManifestUser { Index = 0, Name = "u0", Active = true, Intensities = [0.1, 0.1, 0.0002], Probabilities = [0.8, 0.1, 0.1] }],
        };
        var tally = new DetectionTally();
        for (int k = 0; k < 3; k++) tally.AddGate(k, 0, 0, k, 0, 0, 0, 1, 1); // one sifted gate per intensity
        var e = Assert.Throws<InputError>(() => SummaryBuilder.Build(m, tally, new TruthSummary(), "analyze", 0, "lab/detections.parquet"));
        Assert.Equal("lab/detections.parquet: meanPhotons: requires mu1 > mu2 + mu3", e.Message);
        Assert.IsType<AnalysisInputException>(e.InnerException);
    }

    [Fact]
    public void AccessLogWithRowsOutOfGateOrderIsAnInputErrorNamingTheLog()
    {
        string path = _dir.File("detections.parquet");
        var manifest = new RunManifest { GateRateHz = 1e9, TimeBins = 1, Users = [new ManifestUser { Name = "u0", Intensities = [0.5], Probabilities = [1] }] };
        using (var w = new DetectionLogWriter(path, new Dictionary<string, string> { [RunManifest.MetadataKey] = manifest.ToJson() }, 16))
        {
            w.Append(new DetectionRecord { Gate = 10, User = 0 });
            w.Append(new DetectionRecord { Gate = 9, User = 0 });
            w.Complete();
        }
        var e = Assert.Throws<InputError>(() => AccessLogAnalysis.Analyze(path));
        Assert.Equal(path, e.File);
        Assert.Equal("gate", e.Field);
        Assert.Equal("records must be sorted by gate with each gate's rows consecutive (gate 9 after 10)", e.Rule);
    }

    [Fact]
    public void MdiPairWithoutZzCoincidencesKeepsTheAnalysisErrorTextOfSummaryJson()
    {
        var m = new MdiRunManifest
        {
            ClockRateHz = 1e9, SimulatedSlots = 1_000_000, SimulatedTimeS = 1e-3,
            Users =
            [
                new MdiManifestUser { Index = 0, Name = "A", Intensities = [0.4, 0.1, 0.02, 0], Probabilities = [0.7, 0.1, 0.1, 0.1] },
                new MdiManifestUser { Index = 1, Name = "B", Intensities = [0.4, 0.1, 0.02, 0], Probabilities = [0.7, 0.1, 0.1, 0.1] },
            ],
            Modules = [new MdiManifestModule { Index = 0, Name = "AB", UserA = 0, UserB = 1 }],
        };
        var s = MdiSummaryBuilder.Build(m, new MdiCoincidenceTally(1, 1000), "analyze", 0, "");
        Assert.Equal("countZz: must be > 0 (no sifted key)", s.Pairs[0].AnalysisError);
        Assert.Equal(0, s.AverageKeyRateBitPerS);
    }

    private static CvRunManifest CvManifest(double trueTransmittance = 0.1, double efficiency = 0.6, double electronicNoiseSnu = 0.1) => new()
    {
        ModulationVarianceSnu = 4, ReconciliationEfficiency = 0.95, ConfidenceStandardScore = 1.96,
        Users = [new CvManifestUser { Name = "bob1", Efficiency = efficiency, ElectronicNoiseSnu = electronicNoiseSnu,
            TrueTransmittance = trueTransmittance, TrueExcessNoiseSnu = 0.02 }],
    };

    private static CvMomentAccumulator[] CvSamples(long rounds) => CvSampleRunner.Run(new CvSampleGenerator(CvModulation.Gaussian(4),
        [CvUserChannel.Create(0.1, 0.02, new HeterodyneDetector(efficiencyFraction: 0.6, electronicNoiseSnu: 0.1))], 7), rounds);

    [Fact]
    public void CvUserWithOneRoundGetsNullEstimatesAndTheReasonNamingTheFileAndUser()
    {
        // One round (e.g. a run stopped at once) is a result, not bad input: the summary is written with that Bob's
        // estimates null and the estimator's rule in physicalityViolation.
        var one = new CvMomentAccumulator();
        one.AddQuadrature(1.0, 0.5);
        one.AddQuadrature(-1.0, -0.4); // x and p of one round
        var s = CvSummaryBuilder.Build(CvManifest(), [one], new CvNetworkMomentAccumulator(1), "analyze", "s.yaml");
        Assert.Equal("s.yaml: user bob1: samples: needs at least 2 rounds (got 1)", s.Users[0].PhysicalityViolation);
        Assert.Null(s.Users[0].Transmittance);
        Assert.Null(s.Users[0].Gg02KeyRateEstimateBits);
        Assert.Contains("1 users' samples give no estimate", s.Note);
    }

    [Fact]
    public void CvNetworkMomentsTheEstimatorRejectsBecomeTheSummaryNoteNamingTheFile()
    {
        var s = CvSummaryBuilder.Build(CvManifest(), CvSamples(2_000), new CvNetworkMomentAccumulator(1), "analyze", "s.yaml");
        Assert.Equal("network key rate from the estimates not computed: s.yaml: samples: needs at least 2 rounds (got 0)", s.Note);
        Assert.True(s.Users[0].CovariancePhysical);
    }

    [Fact]
    public void CvNonPhysicalUserEstimateIsReportedWithFileUserAndFieldInSummaryJson()
    {
        // Bob's residual noise 0.3 SNU lies below the vacuum with eta = 1, v_el = 0: the rebuilt gamma_AB is not physical.
        var acc = new CvMomentAccumulator();
        var rng = new QkdNetSim.Core.Random.Xoshiro256(3);
        for (int i = 0; i < 20_000; i++)
        {
            double a = 2 * QkdNetSim.Core.Random.Samplers.StandardNormal(ref rng);
            acc.AddQuadrature(a, 0.2 * a + Math.Sqrt(0.3) * QkdNetSim.Core.Random.Samplers.StandardNormal(ref rng));
        }
        var s = CvSummaryBuilder.Build(CvManifest(efficiency: 1.0, electronicNoiseSnu: 0.0), [acc], new CvNetworkMomentAccumulator(1), "analyze", "s.yaml");
        var u = s.Users[0];
        Assert.False(u.CovariancePhysical);
        Assert.Matches(@"^s\.yaml: user bob1: V: (must be positive definite|symplectic eigenvalue)", u.PhysicalityViolation);
        Assert.Null(u.Gg02KeyRateEstimateBits);
        Assert.EndsWith("; some users' estimated gamma_AB is not physical (too few samples?): their single-user GG02 rates are omitted", s.Note);
    }

    [Fact]
    public void CvManifestValueOutsideTheModelRangeIsAnInputErrorNamingTheFileAndField()
    {
        var e = Assert.Throws<InputError>(() => CvSummaryBuilder.Build(CvManifest(trueTransmittance: 0), CvSamples(100),
            new CvNetworkMomentAccumulator(1), "analyze", "s.yaml"));
        Assert.Equal("s.yaml", e.File);
        Assert.Equal("transmittance", e.Field);
        Assert.Equal("channel transmittance T must lie in (0, 1] (got 0)", e.Rule);
    }
}
