using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Protocols.AccessNetwork.Control;

namespace QkdNetSim.Tests.Protocols.AccessNetwork.Control;

/// <summary>
/// A one-user plant with known laws standing in for the engine (the real engines: EngineAcceptanceTests): over each span of
/// steps with a constant <see cref="LinkState"/> it draws Poisson sifted signal bits at <see cref="SiftedRateHz"/> with
/// Binomial errors of probability (1 - V cos phaseError)/2, and Poisson clicked gates in the user's bin at
/// CountRateHz x GateTiming.RelativeEfficiency(offset) x overlap (its neighbours get the light one gate period away),
/// and feeds them to the observations in count form. It integrates the link's residuals (without dither) over time.
/// </summary>
internal sealed class SyntheticPlant : IStepEngine
{
    public const long StepPs = 1_000_000; // 1 us steps
    private readonly ControlObservations _obs;
    private readonly ControlledLink _link;
    private Xoshiro256 _rng = new RngStreams(77).StreamFor("plant");
    public LinkState State;

    public SyntheticPlant(ControlObservations obs, ControlledLink link)
    {
        _obs = obs;
        _link = link;
        State = LinkState.Nominal(link.User);
    }

    public double SiftedRateHz { get; init; }
    public double CountRateHz { get; init; }
    /// <summary>Noise clicks per second in every bin (dark counts), light or not.</summary>
    public double NoiseRateHz { get; init; }
    public double Visibility { get; init; } = 0.99;
    public double GateWindowFwhmPs { get; init; } = 200;
    public double GatePeriodPs { get; init; } = 1000;
    public int TimeBins { get; init; } = 8;

    public long ProcessedUntilStep { get; private set; }
    public double ElapsedS;
    public double PhaseSquareIntegral, TimingSquareIntegral, PolarizationSquareIntegral, ExcessQberIntegral, MaxAbsTimingPs;

    public void Set(int user, in LinkState state) => State = state;

    public void AdvanceTo(long endStep)
    {
        if (endStep <= ProcessedUntilStep) return;
        double dt = (endStep - ProcessedUntilStep) * StepPs * 1e-12;
        ProcessedUntilStep = endStep;
        ElapsedS += dt;
        var s = State;
        int slot = _link.User.Slot;
        if (SiftedRateHz > 0)
        {
            long n = Samplers.Poisson(ref _rng, SiftedRateHz * dt);
            double q = (1 - Visibility * Math.Cos(s.PhaseErrorRad)) / 2;
            long k = Samplers.Binomial(ref _rng, n, q);
            _obs.OnGates(endStep, slot, 0, 0, 0, 0, 0, 1, n - k);
            _obs.OnGates(endStep, slot, 0, 0, 0, 0, 0, 2, k);
            ExcessQberIntegral += (q - (1 - Visibility) / 2) * dt;
        }
        if (CountRateHz > 0)
        {
            double light = CountRateHz * dt * s.PolarizationOverlap * s.TransmittanceFactor, noise = NoiseRateHz * dt;
            _obs.OnGates(endStep, slot, 0, 0, 0, 0, 1, 1, Samplers.Poisson(ref _rng, noise + light * GateTiming.RelativeEfficiency(s.TimingOffsetPs, GateWindowFwhmPs)));
            _obs.OnGates(endStep, (slot + 1) % TimeBins, -1, 0, 0, 0, 1, 1, Samplers.Poisson(ref _rng, noise + light * GateTiming.RelativeEfficiency(s.TimingOffsetPs - GatePeriodPs, GateWindowFwhmPs)));
            _obs.OnGates(endStep, (slot + TimeBins - 1) % TimeBins, -1, 0, 0, 0, 1, 1, Samplers.Poisson(ref _rng, noise + light * GateTiming.RelativeEfficiency(s.TimingOffsetPs + GatePeriodPs, GateWindowFwhmPs)));
        }
        PhaseSquareIntegral += _link.PhaseResidualRad * _link.PhaseResidualRad * dt;
        TimingSquareIntegral += _link.TimingResidualPs * _link.TimingResidualPs * dt;
        PolarizationSquareIntegral += _link.PolarizationResidualRad * _link.PolarizationResidualRad * dt;
        MaxAbsTimingPs = Math.Max(MaxAbsTimingPs, Math.Abs(_link.TimingResidualPs));
    }

    public void Flush() { }

    public static AccessUser User(double opticalError = 0.005) =>
        new(0, "U0", 0, true, 1, opticalError, 0, new DecoySource([0.5, 0.1, 0.0002], [0.9883, 0.0078, 0.0039]));
}
