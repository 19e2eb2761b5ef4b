using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Random;
using QkdNetSim.Optics;
using QkdNetSim.Optics.Drift;

namespace QkdNetSim.Tests.Optics.Drift;

/// <summary>
/// Device drift models. Ensemble tests use N independent transmitters (one named stream each) and allow 5 standard
/// errors sqrt(Var/N) of the ensemble mean, with Var computed from the normal law of the drifting angle, so a correct
/// model fails with a fresh seed about once in a million runs while a factor 2 in D is caught by tens of sigma.
/// </summary>
public class DriftModelTests
{
    private const int Transmitters = 2000;

    /// <summary>E cos(k x) for x ~ N(m, v).</summary>
    private static double ExpCos(double k, double m, double v) => Math.Exp(-k * k * v / 2) * Math.Cos(k * m);

    private static void AssertEnsembleMean(IEnumerable<double> xs, double expected, double variance, string what)
    {
        var a = xs.ToArray();
        double mean = a.Average(), se = Math.Sqrt(variance / a.Length);
        Assert.True(Math.Abs(mean - expected) < 5 * se, $"{what}: {mean} vs {expected} (z = {(mean - expected) / se:F2})");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_ensemble_of_random_walk_phases_gives_qber_one_minus_V_exp_minus_Dt_over_2_over_2()
    {
        const double d = 0.01, visibility = 0.99; // D = 0.01 rad^2/s: sigma = 0.1 rad/sqrt(s)
        var p = new InterferometerPhaseDriftParameters(noiseRadPerSqrtS: 0.1);
        Assert.Equal(d, p.DiffusionRad2PerS, 15);
        var streams = new RngStreams(404);
        var tx = Enumerable.Range(0, Transmitters).Select(u => new InterferometerPhaseDrift(p, streams, u)).ToArray();
        double t = 0;
        foreach (double checkS in new[] { 10.0, 50, 100, 200, 400 })
        {
            while (t < checkS - 1e-9) { foreach (var x in tx) x.Advance(5); t += 5; } // 5 s steps: the controller-free drift
            double coherence = Math.Exp(-d * checkS / 2);
            Assert.Equal(coherence, p.ExpectedCos(checkS), 12);
            // Var cos(phi) = (1 + e^(-2 D t))/2 - e^(-D t) for phi ~ N(0, D t); the QBER's is V^2/4 times that.
            double varCos = (1 + Math.Exp(-2 * d * checkS)) / 2 - coherence * coherence;
            AssertEnsembleMean(tx.Select(x => Math.Cos(x.PhaseRad)), coherence, varCos, $"<cos phi> at {checkS} s");
            AssertEnsembleMean(tx.Select(x => x.OpticalError(visibility)), (1 - visibility * coherence) / 2,
                visibility * visibility / 4 * varCos, $"ensemble QBER at {checkS} s");
            Assert.Equal((1 - visibility * coherence) / 2, p.ExpectedOpticalError(checkS, visibility), 12);
        }
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void An_ou_phase_from_an_offset_relaxes_as_its_normal_law_predicts()
    {
        var p = new InterferometerPhaseDriftParameters(noiseRadPerSqrtS: 0.3, reversionRatePerS: 0.05, initialPhaseRad: 1.2);
        var tx = Enumerable.Range(0, Transmitters).Select(u => new InterferometerPhaseDrift(p, new RngStreams(405), u)).ToArray();
        foreach (var x in tx) for (int k = 0; k < 30; k++) x.Advance(1);
        double m = 1.2 * Math.Exp(-0.05 * 30), v = 0.09 * (1 - Math.Exp(-0.1 * 30)) / 0.1;
        Assert.Equal(ExpCos(1, m, v), p.ExpectedCos(30), 12);
        double varCos = (1 + ExpCos(2, m, v)) / 2 - ExpCos(1, m, v) * ExpCos(1, m, v);
        AssertEnsembleMean(tx.Select(x => Math.Cos(x.PhaseRad)), ExpCos(1, m, v), varCos, "<cos phi> of the OU phase");
    }

    [Fact]
    public void The_phase_error_enters_as_one_minus_V_cos_over_two()
    {
        const double v = 0.99;
        Assert.Equal((1 - v) / 2, InterferometerPhaseDrift.OpticalErrorAt(0, v), 15);
        Assert.Equal(PhaseInterferometer.VisibilityFromOpticalError(InterferometerPhaseDrift.OpticalErrorAt(0, v)), v, 15);
        Assert.Equal(0.5, InterferometerPhaseDrift.OpticalErrorAt(Math.PI / 2, v), 15);
        Assert.Equal((1 + v) / 2, InterferometerPhaseDrift.OpticalErrorAt(Math.PI, v), 15);
        var still = new InterferometerPhaseDrift(new InterferometerPhaseDriftParameters(0, 0, 0.4), new RngStreams(1), 0);
        still.Advance(100);
        Assert.Equal(0.4, still.PhaseRad);
        Assert.Equal((1 - v) / 2, still.OpticalError(v, biasRad: 0.4), 15); // a bias equal to the drift compensates it
        Assert.Equal("user/0/drift/phase", still.StreamName);
    }

    [Fact]
    public void Twenty_km_and_one_kelvin_shift_the_delay_by_0_8_ns_and_the_clock_round_trip_doubles_it()
    {
        Assert.Equal(800, FibreDelayDriftParameters.DelayChangePs(40, 20, 1), 12);
        var oneKelvin = new OrnsteinUhlenbeckParameters(1, 0, 0);
        var twoKelvin = new OrnsteinUhlenbeckParameters(2, 0, 0);
        var roundTrip = new FibreDelayDrift(new FibreDelayDriftParameters(oneKelvin, twoKelvin), 15, new[] { 5.0, 0.0 }, new RngStreams(1));
        var oneWay = new FibreDelayDrift(new FibreDelayDriftParameters(oneKelvin, twoKelvin, clockFromReceiverOverSameFibre: false), 20, new[] { 0.0 }, new RngStreams(1));
        roundTrip.Advance(3600);
        Assert.Equal(40 * (15 * 1 + 5 * 2), roundTrip.OneWayDelayChangePs(0), 9);
        Assert.Equal(2 * 40 * (15 * 1 + 5 * 2), roundTrip.ArrivalOffsetPs(0), 9);
        Assert.Equal(2 * 600, roundTrip.ArrivalOffsetPs(1), 9);
        Assert.Equal(800, oneWay.ArrivalOffsetPs(0), 9);
    }

    [Fact]
    public void The_feeder_temperature_shifts_every_user_alike_and_drop_temperatures_separately()
    {
        var quiet = new OrnsteinUhlenbeckParameters(0, 1e-4, 0);
        var noisy = new OrnsteinUhlenbeckParameters(0, 1e-4, 0.01); // K/sqrt(s)
        var drops = new[] { 2.0, 2.0, 2.0 };
        var feederOnly = new FibreDelayDrift(new FibreDelayDriftParameters(noisy, quiet), 20, drops, new RngStreams(9));
        var dropsOnly = new FibreDelayDrift(new FibreDelayDriftParameters(quiet, noisy), 20, drops, new RngStreams(9));
        feederOnly.Advance(600);
        dropsOnly.Advance(600);
        Assert.NotEqual(0, feederOnly.ArrivalOffsetPs(0));
        Assert.All(Enumerable.Range(0, 3), u => Assert.Equal(feederOnly.ArrivalOffsetPs(0), feederOnly.ArrivalOffsetPs(u)));
        Assert.Equal(2 * 40 * 20 * feederOnly.FeederTemperatureK, feederOnly.ArrivalOffsetPs(0), 9);
        Assert.Equal(3, Enumerable.Range(0, 3).Select(dropsOnly.ArrivalOffsetPs).Distinct().Count());
        Assert.Equal(2 * 40 * 2 * dropsOnly.DropTemperatureK(1), dropsOnly.ArrivalOffsetPs(1), 9);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_polarization_overlap_stays_in_zero_one_and_its_ensemble_follows_cos_squared_of_the_angle()
    {
        var p = new PolarizationDriftParameters(noiseRadPerSqrtS: 0.05, reversionRatePerS: 0, initialAngleRad: 0.3);
        var tx = Enumerable.Range(0, Transmitters).Select(u => new PolarizationDrift(p, new RngStreams(406), u)).ToArray();
        foreach (var x in tx)
            for (int k = 0; k < 40; k++)
            {
                double o = x.Advance(5);
                Assert.InRange(o, 0, 1);
                Assert.Equal(1, o + x.WrongArmFraction, 15);
                Assert.Equal(x.WrongArmFraction, 2 * x.SatelliteFractionEachSide, 15);
            }
        double m = 0.3, v = 0.0025 * 200; // angle ~ N(0.3, 0.5 rad^2) after 200 s
        double overlap = (1 + ExpCos(2, m, v)) / 2;
        Assert.Equal(overlap, p.ExpectedOverlap(200), 12);
        double varOverlap = ((1 + ExpCos(4, m, v)) / 2 - ExpCos(2, m, v) * ExpCos(2, m, v)) / 4; // Var cos^2 = Var(cos 2 psi)/4
        AssertEnsembleMean(tx.Select(x => x.Overlap), overlap, varOverlap, "<cos^2 psi>");
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_source_intensity_wanders_around_one_with_relative_spread_sigma_over_root_two_theta()
    {
        var p = new SourceIntensityDriftParameters(noiseRelativePerSqrtS: 0.002, reversionRatePerS: 1.0 / 600);
        double sd = p.StationaryRelativeStdDev; // 0.002 * sqrt(300) = 3.5 %
        Assert.Equal(0.002 * Math.Sqrt(300), sd, 12);
        var src = Enumerable.Range(0, Transmitters).Select(u => new SourceIntensityDrift(p, new RngStreams(407), u)).ToArray();
        foreach (var s in src) s.Advance(30 * 600.0); // 30 relaxation times: stationary to e^-60
        var r = src.Select(s => s.RelativeIntensity).ToArray();
        AssertEnsembleMean(r, 1, sd * sd, "<r>");
        // Sample variance vs sd^2: standard error sqrt(2/N) sd^2 for a normal law.
        double varR = r.Select(x => (x - 1) * (x - 1)).Average();
        Assert.True(Math.Abs(varR - sd * sd) < 5 * Math.Sqrt(2.0 / r.Length) * sd * sd, $"Var r = {varR} vs {sd * sd}");
        Assert.Equal(0.5 * src[0].RelativeIntensity, src[0].MeanPhotonNumber(0.5), 15);
        Assert.Equal("user/7/drift/intensity", src[7].StreamName);
        Assert.NotEqual(src[0].RelativeIntensity, src[1].RelativeIntensity);
    }
}
