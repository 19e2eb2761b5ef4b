using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Units;
using QkdNetSim.Optics;
using QkdNetSim.Optics.Drift;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Protocols.AccessNetwork.Control;

namespace QkdNetSim.Tests.Protocols.AccessNetwork.Control;

/// <summary>
/// The combining step, the schedule and the drift process set the link states they should on a fake engine (a recorder of
/// SetLinkState calls), and the observations disclose as documented in both observer forms.
/// </summary>
public sealed class LinkProcessTests
{
    private static AccessUser User(int i, bool active = true, double offsetPs = 0) =>
        new(i, $"U{i}", i, active, 1, 0.005, offsetPs, new DecoySource([0.5, 0.1, 0.0002], [0.9883, 0.0078, 0.0039]));

    /// <summary>A stand-in engine stepping 1 us per step, recording each user's states with the step they apply from.</summary>
    private sealed class Recorder(int users) : IStepEngine
    {
        public readonly LinkState?[] Current = new LinkState?[users];
        public readonly List<(long Step, int User, LinkState State)> Changes = [];
        public long ProcessedUntilStep { get; private set; }
        public void AdvanceTo(long endStep) => ProcessedUntilStep = Math.Max(ProcessedUntilStep, endStep);
        public void Flush() { }
        public void Set(int user, in LinkState s)
        {
            if (Current[user] == s) return;
            Current[user] = s;
            Changes.Add((ProcessedUntilStep, user, s));
        }
    }

    [Fact]
    public void The_combining_step_turns_drift_and_corrections_into_the_link_state()
    {
        var composer = new LinkComposer([User(0, offsetPs: 30)], (int u, in LinkState s) => { });
        var l = composer.Link(0)!;
        l.PhaseRad = 0.7; l.PhaseBiasRad = 0.5; l.PhaseDitherRad = 0.1;
        l.ArrivalDriftPs = 400; l.DelayCorrectionPs = 300; l.DelayDitherPs = -20;
        l.PolarizationAngleRad = 0.4; l.PolarizationCorrectionRad = 0.1; l.PolarizationDitherRad = 0.05;
        l.IntensityFactor = 0.97; l.DropExtraLossDb = 1; composer.FeederExtraLossDb = 2;
        var s = composer.StateOf(l);
        Assert.Equal(0.7 - 0.5 - 0.1, s.PhaseErrorRad, 15);
        Assert.Equal(30 + 400 - 300 + 20, s.TimingOffsetPs, 12);
        Assert.Equal(Math.Pow(Math.Cos(0.25), 2), s.PolarizationOverlap, 15);
        Assert.Equal(0.97, s.IntensityFactor);
        Assert.Equal(Decibels.ToTransmittance(3), s.TransmittanceFactor, 15);
        composer.FeederCut = true;
        Assert.Equal(0, composer.StateOf(l).TransmittanceFactor);
    }

    [Fact]
    public void Zero_drift_leaves_every_link_at_its_nominal_state()
    {
        var users = new[] { User(0, offsetPs: 12), User(1, active: false), User(2) };
        var rec = new Recorder(3);
        var composer = new LinkComposer(users, rec.Set);
        var zero = new QkdNetSim.Core.Drift.OrnsteinUhlenbeckParameters(0, 0, 0);
        var drifts = new LinkDrifts(new LinkDriftParameters(0.001, new InterferometerPhaseDriftParameters(0), new FibreDelayDriftParameters(zero, zero),
            new PolarizationDriftParameters(0), new SourceIntensityDriftParameters(0, 0), 5, [10, 10, 10]), composer, 3, new RngStreams(1));
        var session = new StepSession(rec, 10_000, 1_000_000);
        session.Start(drifts.Run(session));
        session.Run();
        Assert.Equal(LinkState.Nominal(users[0]), rec.Current[0]);
        Assert.Null(rec.Current[1]); // an inactive user of the scenario is never touched
        Assert.Equal(LinkState.Nominal(users[2]), rec.Current[2]);
        Assert.Equal(2, rec.Changes.Count); // the nominal state, once per active user
    }

    [Fact]
    public void The_drift_process_hands_the_true_states_to_the_engine_at_every_step()
    {
        var users = new[] { User(0), User(1) };
        var rec = new Recorder(2);
        var composer = new LinkComposer(users, rec.Set);
        var temp = new QkdNetSim.Core.Drift.OrnsteinUhlenbeckParameters(0, 0.01, 0.1);
        var drifts = new LinkDrifts(new LinkDriftParameters(0.002, new InterferometerPhaseDriftParameters(0.3), new FibreDelayDriftParameters(temp, temp),
            new PolarizationDriftParameters(0.1), new SourceIntensityDriftParameters(0.01, 1), 15, [4.5, 6.5]), composer, 2, new RngStreams(2));
        var session = new StepSession(rec, 10_000, 1_000_000); // 10 ms
        session.Start(drifts.Run(session));
        session.Run();
        // The initial state, then steps at 2, 4, 6, 8 and 10 ms, each applying from its gate on (the last to no gate).
        Assert.Equal([0L, 2000, 4000, 6000, 8000, 10000], rec.Changes.Where(c => c.User == 0).Select(c => c.Step));
        var s = rec.Current[1]!.Value;
        var l = composer.Link(1)!;
        Assert.Equal(l.PhaseRad, s.PhaseErrorRad);
        Assert.Equal(drifts.Delay!.ArrivalOffsetPs(1), s.TimingOffsetPs);
        Assert.Equal(2 * 40 * (15 * drifts.Delay.FeederTemperatureK + 6.5 * drifts.Delay.DropTemperatureK(1)), s.TimingOffsetPs, 9);
        Assert.Equal(PolarizationDrift.OverlapAt(l.PolarizationAngleRad), s.PolarizationOverlap);
        Assert.Equal(l.IntensityFactor, s.IntensityFactor);
        Assert.NotEqual(1, s.IntensityFactor);
    }

    [Fact]
    public void A_feeder_event_changes_every_user_and_a_drop_event_one_at_its_time()
    {
        var users = new[] { User(0), User(1), User(2) };
        var rec = new Recorder(3);
        var composer = new LinkComposer(users, rec.Set);
        var schedule = new LinkSchedule([
            new LinkEvent(0.004, LinkAction.Leave, [2]),
            new LinkEvent(0.001, LinkAction.Join, [2]),
            new LinkEvent(0.002, LinkAction.LossStep, [1], 3),
            new LinkEvent(0.003, LinkAction.Cut, null),
            new LinkEvent(0.0035, LinkAction.Restore, null),
            new LinkEvent(0.0035, LinkAction.LossStep, null, 1),
        ], composer);
        var session = new StepSession(rec, 10_000, 1_000_000);
        session.Start(schedule.Run(session));
        session.Run();
        LinkState At(int user, long step) => rec.Changes.Last(c => c.User == user && c.Step <= step).State;
        Assert.False(At(2, 0).Active); // its first event is a join: out of the network from time 0
        Assert.True(At(2, 1000).Active);
        Assert.False(At(2, 4000).Active);
        Assert.Equal(1, At(1, 1999).TransmittanceFactor);
        Assert.Equal(Decibels.ToTransmittance(3), At(1, 2000).TransmittanceFactor, 15);
        Assert.Equal(1, At(0, 2000).TransmittanceFactor);
        foreach (int u in new[] { 0, 1 }) Assert.Equal(0, At(u, 3000).TransmittanceFactor);
        Assert.Equal(Decibels.ToTransmittance(1), At(0, 3500).TransmittanceFactor, 15);
        Assert.Equal(Decibels.ToTransmittance(4), At(1, 3500).TransmittanceFactor, 15);
    }

    [Fact]
    public void Both_observer_forms_disclose_the_requested_sample_and_count_it_per_block_and_basis()
    {
        // 100 eligible bits in basis 0 (10 errors) and 50 in basis 1 (no error), over two blocks of 1000 gates.
        var perGate = new ControlObservations(8, 1, new RngStreams(3), blockGates: 1000);
        var counted = new ControlObservations(8, 1, new RngStreams(3), blockGates: 1000);
        for (int g = 0; g < 150; g++)
        {
            int basis = g < 100 ? 0 : 1, mask = g < 10 ? 2 : 1; // detector 1 clicked for bit 0: an error
            long gate = g < 75 ? g * 10 : 1000 + (g - 75) * 10; // bits 0-74 in block 0, 75-149 in block 1
            perGate.OnGate(gate, 0, 0, 0, basis, 0, basis, mask);
        }
        perGate.OnGate(5, 3, -1, 0, 0, 0, 0, 1); // noise in bin 3: counted, never disclosed
        perGate.OnGate(7, 0, 0, 1, 0, 0, 0, 1); // decoy intensity: not eligible
        perGate.OnGate(9, 0, 0, 0, 0, 0, 0, 3); // double click: not eligible
        counted.OnGates(1000, 0, 0, 0, 0, 0, 0, 2, 10);
        counted.OnGates(1000, 0, 0, 0, 0, 0, 0, 1, 65);
        counted.OnGates(2000, 0, 0, 0, 0, 0, 0, 1, 25);
        counted.OnGates(2000, 0, 0, 0, 1, 0, 1, 1, 50);
        Assert.Equal(150, perGate.WindowBits(0));
        Assert.Equal(150, counted.WindowBits(0));
        Assert.Equal(1, perGate.BinClicks(3));
        foreach (var obs in new[] { perGate, counted })
        {
            var (bits, errors) = obs.DiscloseWindow(0, 40);
            Assert.Equal(40, bits);
            var b0 = obs.Disclosed(0, 0);
            var b1 = obs.Disclosed(0, 1);
            Assert.Equal(40, b0.Bits.Sum() + b1.Bits.Sum());
            Assert.Equal(errors, b0.Errors.Sum() + b1.Errors.Sum());
            Assert.Equal(0, b1.Errors.Sum()); // every error is in block 0
            Assert.Equal(0, b0.Bits[1]); // basis 1 lives in block 1 only
            Assert.Equal(0, obs.WindowBits(0)); // the next window is open and empty
            Assert.Equal((0L, 0L), obs.DiscloseWindow(0, 10));
        }
    }

    [Fact]
    [Trait("Category", "Statistical")]
    public void A_disclosed_sample_is_a_uniform_draw_of_the_window()
    {
        // 2,000 windows of 1,000 eligible bits with 100 errors, 100 disclosed each: the errors are hypergeometric, mean 10,
        // variance 100 x 0.1 x 0.9 x 900/999 = 8.1; the mean over 2,000 windows has standard error 0.064 (5 sigma: 0.32).
        var obs = new ControlObservations(8, 1, new RngStreams(8));
        double sum = 0;
        for (int w = 0; w < 2000; w++)
        {
            obs.OnGates(1, 0, 0, 0, 0, 0, 0, 2, 100);
            obs.OnGates(1, 0, 0, 0, 0, 0, 0, 1, 900);
            sum += obs.DiscloseWindow(0, 100).Errors;
        }
        Assert.InRange(sum / 2000, 10 - 0.32, 10 + 0.32);
    }
}
