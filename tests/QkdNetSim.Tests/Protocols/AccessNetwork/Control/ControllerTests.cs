using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Optics.Drift;
using QkdNetSim.Protocols.AccessNetwork.Control;
using Xunit.Abstractions;

namespace QkdNetSim.Tests.Protocols.AccessNetwork.Control;

/// <summary>
/// The controllers on a synthetic plant with known laws (<see cref="SyntheticPlant"/>): each holds the residual its class
/// comment derives (<see cref="LoopResidual"/>), and drift alone (loop off) wanders as the random walk says. Tolerances: the
/// time-mean square over K independent-ish update intervals has relative standard deviation about sqrt(2/K) (a Gaussian
/// residual's square has variance 2 sigma^4; with gain 1 the start residuals of successive intervals are independent),
/// so 5 sigma is 5 sqrt(2/K).
/// </summary>
public sealed class ControllerTests(ITestOutputHelper output)
{
    private static (LinkComposer Composer, ControlledLink Link, ControlObservations Obs, SyntheticPlant Plant) Setup(
        double siftedRateHz, double countRateHz, double noiseRateHz = 0)
    {
        var user = SyntheticPlant.User();
        SyntheticPlant? plant = null;
        var composer = new LinkComposer([user], (int u, in QkdNetSim.Protocols.AccessNetwork.LinkState s) => plant!.Set(u, s));
        var link = composer.Link(0)!;
        var obs = new ControlObservations(8, 1, new RngStreams(5));
        plant = new SyntheticPlant(obs, link) { SiftedRateHz = siftedRateHz, CountRateHz = countRateHz, NoiseRateHz = noiseRateHz };
        return (composer, link, obs, plant);
    }

    private static StepSession Session(SyntheticPlant plant, double durationS) =>
        new(plant, (long)Math.Round(durationS * 1e12 / SyntheticPlant.StepPs), SyntheticPlant.StepPs);

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_phase_loop_holds_the_derived_mean_square_phase_and_mean_excess_qber_under_a_random_walk()
    {
        const double durationS = 2000, diffusion = 1e-3; // rad^2/s: 0.032 rad/sqrt(s)
        var (composer, link, obs, plant) = Setup(siftedRateHz: 1e5, countRateHz: 0);
        var drifts = new LinkDrifts(new LinkDriftParameters(0.05, Phase: new InterferometerPhaseDriftParameters(Math.Sqrt(diffusion))), composer, 1, new RngStreams(11));
        var phase = new PhaseController(new PhaseControlParameters(1, 2000, 0.1, 1, plant.Visibility), composer, link, obs);
        var session = Session(plant, durationS);
        session.Start(drifts.Run(session));
        session.Start(phase.Run(session));
        session.Run();

        double e0 = (1 - plant.Visibility) / 2;
        double predicted = phase.PredictedMeanSquareRad2(diffusion, e0), measured = plant.PhaseSquareIntegral / plant.ElapsedS;
        double k = phase.Updates;
        output.WriteLine($"phase <delta^2> {measured:E3} predicted {predicted:E3}; updates {k}");
        Assert.InRange(k, 1990, 2000);
        Assert.InRange(measured, predicted * (1 - 5 * Math.Sqrt(2 / k)), predicted * (1 + 5 * Math.Sqrt(2 / k)));
        // Mean excess QBER over (1 - V)/2, dither included. Its fluctuating part is V/4 <delta^2> (the dither's is exact),
        // so its 5-sigma band is 5 sqrt(2/K) V/4 <delta^2>.
        double excess = plant.ExcessQberIntegral / plant.ElapsedS, predictedExcess = phase.PredictedExcessQber(diffusion, e0);
        output.WriteLine($"excess QBER {excess:E3} predicted {predictedExcess:E3}");
        Assert.InRange(excess, predictedExcess - 5 * Math.Sqrt(2 / k) * plant.Visibility / 4 * predicted,
            predictedExcess + 5 * Math.Sqrt(2 / k) * plant.Visibility / 4 * predicted);
        // Every update disclosed its sample: m bits per interval.
        Assert.Equal(2000 * k, obs.Disclosed(0).Bits.Sum(), 2000.0);
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Without_the_phase_loop_the_drift_alone_gives_the_random_walk_ensemble_error()
    {
        // 200 independent transmitters, loop off: the phase at t is N(0, D t), so the mean optical error is (1 - V e^(-D t/2))/2.
        const double diffusion = 0.02, tS = 20;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < 200; i++)
        {
            var (composer, link, _, _) = Setup(0, 0);
            var drifts = new LinkDrifts(new LinkDriftParameters(0.5, Phase: new InterferometerPhaseDriftParameters(Math.Sqrt(diffusion))), composer, 1, new RngStreams((ulong)(100 + i)));
            for (int s = 0; s < 40; s++) drifts.Advance(0.5);
            double e = InterferometerPhaseDrift.OpticalErrorAt(composer.StateOf(link).PhaseErrorRad, 0.99);
            sum += e;
            sumSq += e * e;
        }
        double mean = sum / 200, sd = Math.Sqrt((sumSq / 200 - mean * mean) / 199);
        double expected = new InterferometerPhaseDriftParameters(Math.Sqrt(diffusion)).ExpectedOpticalError(tS, 0.99);
        output.WriteLine($"ensemble error {mean:E4} +- {sd:E1}, expected {expected:E4}");
        Assert.InRange(mean, expected - 5 * sd, expected + 5 * sd); // 5 standard errors of the 200-transmitter mean
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void The_timing_loop_pulls_in_an_offset_of_more_than_a_gate_and_holds_a_drifting_offset_within_its_band()
    {
        // Feeder 20 km, random-walk temperature 0.02 K/sqrt(s), round trip: offset noise 2 x 40 x 20 x 0.02 = 32 ps/sqrt(s).
        // Starting 0.6875 K off: 2 x 40 x 20 x 0.6875 = 1100 ps late, the light in the next gate.
        const double durationS = 1000, noiseK = 0.02;
        var (composer, link, obs, plant) = Setup(0, countRateHz: 2e5);
        var delay = new FibreDelayDriftParameters(new OrnsteinUhlenbeckParameters(0.6875, 0, noiseK), new OrnsteinUhlenbeckParameters(0, 0, 0));
        var drifts = new LinkDrifts(new LinkDriftParameters(0.05, Delay: delay, FeederLengthKm: 20, DropLengthsKm: [0]), composer, 1, new RngStreams(3));
        Assert.Equal(1100, link.TimingResidualPs, 9);
        var timing = new TimingController(new TimingControlParameters(1, 20, 1, 100), composer, link, obs, 8, 200, 1000);
        var session = Session(plant, durationS);
        session.Start(drifts.Run(session));
        session.Start(timing.Run(session));
        session.Start(SkipWarmUp(session, plant, 10)); // the pull-in: one gate step, then 100 ps steps
        session.Run();

        double diffusion = Math.Pow(2 * 40 * 20 * noiseK, 2), counts = 2e5;
        double predicted = timing.PredictedMeanSquarePs2(diffusion, counts);
        double measured = plant.TimingSquareIntegral / plant.ElapsedS, k = durationS - 10;
        output.WriteLine($"timing <x^2> {measured:F1} ps^2 predicted {predicted:F1}; max |x| {plant.MaxAbsTimingPs:F1} ps");
        Assert.InRange(measured, predicted * (1 - 5 * Math.Sqrt(2 / k)), predicted * (1 + 5 * Math.Sqrt(2 / k)));
        // The band: the residual is Gaussian with variance at most V_y + D T (end of an interval); 5.5 sigma over ~1e4 samples.
        double band = 5.5 * Math.Sqrt(LoopResidual.StartVariance(diffusion, 1, 1, timing.EstimateVariance(counts)) + diffusion);
        Assert.True(plant.MaxAbsTimingPs < band, $"max |offset| {plant.MaxAbsTimingPs:F1} ps, band {band:F1} ps");
    }

    /// <summary>Clears the plant's integrals after <paramref name="seconds"/> (acquisition excluded from the statistics).</summary>
    private static IEnumerable<Await> SkipWarmUp(StepSession session, SyntheticPlant plant, double seconds)
    {
        yield return Await.Timeout((long)(seconds * 1e12) - 1);
        plant.TimingSquareIntegral = plant.PhaseSquareIntegral = plant.PolarizationSquareIntegral = plant.MaxAbsTimingPs = 0;
        plant.ElapsedS = 0;
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void Timing_and_polarization_loops_together_each_hold_their_derived_residual()
    {
        // Both act on the same bin's counts; their dither patterns cancel in each other's log-count contrasts, but the
        // timing offset's wander between updates adds noise to the polarization estimate (derived in its class comment).
        const double durationS = 1000, polDiffusion = 1e-3, noiseK = 0.01;
        var (composer, link, obs, plant) = Setup(0, countRateHz: 2e5);
        var delay = new FibreDelayDriftParameters(new OrnsteinUhlenbeckParameters(0, 0, noiseK), new OrnsteinUhlenbeckParameters(0, 0, 0));
        var drifts = new LinkDrifts(new LinkDriftParameters(0.05, Delay: delay, Polarization: new PolarizationDriftParameters(Math.Sqrt(polDiffusion)),
            FeederLengthKm: 20, DropLengthsKm: [0]), composer, 1, new RngStreams(9));
        var timing = new TimingController(new TimingControlParameters(1, 20, 1, 100), composer, link, obs, 8, 200, 1000);
        var pol = new PolarizationController(new PolarizationControlParameters(1, 0.05, 1), composer, link, obs);
        var session = Session(plant, durationS);
        session.Start(drifts.Run(session));
        session.Start(timing.Run(session));
        session.Start(pol.Run(session));
        session.Run();

        double k = durationS, tol = 5 * Math.Sqrt(2 / k);
        // Counts: 2e5/s at the gate centre; the dithers and residuals lower them by a few per cent (neglected in s^2).
        double tPred = timing.PredictedMeanSquarePs2(Math.Pow(2 * 40 * 20 * noiseK, 2), 2e5), tMeas = plant.TimingSquareIntegral / plant.ElapsedS;
        output.WriteLine($"timing <x^2> {tMeas:F1} predicted {tPred:F1}");
        Assert.InRange(tMeas, tPred * (1 - tol), tPred * (1 + tol));
        // The wandering offset moves the bin's rate too: the polarization estimate's extra variance from <x^2> (dither included).
        double wander = pol.TimingWanderEstimateVariance(tPred + 20 * 20, Math.Pow(2 * 40 * 20 * noiseK, 2), 200);
        double pPred = pol.PredictedMeanSquareRad2(polDiffusion, 2e5, wander), pMeas = plant.PolarizationSquareIntegral / plant.ElapsedS;
        output.WriteLine($"polarization <delta^2> {pMeas:E3} predicted {pPred:E3} (of which timing wander {wander:E3})");
        Assert.InRange(pMeas, pPred * (1 - tol), pPred * (1 + tol));
    }

    [Fact]
    public void The_count_rate_loops_hold_their_corrections_while_the_link_is_cut_and_resume_after_the_restore()
    {
        // Dark counts of 2,000/s per bin (seed-004-like: 125 MHz x 1.6e-5) keep the bins clicking during a 20 s feeder cut.
        var (composer, link, obs, plant) = Setup(0, countRateHz: 2e5, noiseRateHz: 2000);
        var delay = new FibreDelayDriftParameters(new OrnsteinUhlenbeckParameters(0, 0, 0), new OrnsteinUhlenbeckParameters(0, 0, 0));
        var drifts = new LinkDrifts(new LinkDriftParameters(0.05, Delay: delay, FeederLengthKm: 20, DropLengthsKm: [0]), composer, 1, new RngStreams(4));
        var timing = new TimingController(new TimingControlParameters(1, 20, 1, 100), composer, link, obs, 8, 200, 1000);
        var pol = new PolarizationController(new PolarizationControlParameters(1, 0.05, 1), composer, link, obs);
        var schedule = new LinkSchedule([new LinkEvent(20, LinkAction.Cut, null), new LinkEvent(40, LinkAction.Restore, null)], composer);
        var session = Session(plant, 60);
        var seen = new List<(double Delay, double Pol)>();
        session.Start(schedule.Run(session));
        session.Start(drifts.Run(session));
        session.Start(timing.Run(session));
        session.Start(pol.Run(session));
        session.Start(Sample(session, link, seen));
        session.Run();
        // Samples at 21.5 ... 39.5 s: the corrections stay where the last update before the cut left them.
        var during = seen.Skip(21).Take(19).ToList();
        Assert.All(during, x => Assert.Equal(during[0], x));
        // After the restore the loops act again; a static link stays aligned within a few estimate sigmas (~0.5 ps, ~0.05 rad).
        Assert.InRange(Math.Abs(link.TimingResidualPs), 0, 5 * Math.Sqrt(timing.EstimateVariance(2e5)));
        Assert.InRange(Math.Abs(link.PolarizationResidualRad), 0, 5 * Math.Sqrt(pol.EstimateVariance(2e5)));
    }

    private static IEnumerable<Await> Sample(StepSession session, ControlledLink link, List<(double, double)> seen)
    {
        yield return Await.Timeout(500_000_000_000); // mid-interval: 0.5 s, then every second
        while (!session.Stopping)
        {
            seen.Add((link.DelayCorrectionPs, link.PolarizationCorrectionRad));
            yield return Await.Timeout(1_000_000_000_000);
        }
    }
}
