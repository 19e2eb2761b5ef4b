using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Common part of the two ways to simulate the access network: the receiver's detector pair (secondary clicks,
/// hold-off), the record buffer feeding the sink, and the emitted-pulse bookkeeping. Subclasses decide how
/// primary clicks are drawn: skip-ahead (<see cref="FastAccessNetworkEngine"/>) or every gate (<see cref="PerPulseAccessNetworkEngine"/>).
/// </summary>
public abstract class AccessNetworkEngine : QkdNetSim.Core.Kernel.IStepEngine
{
    private const int BatchSize = 8192;

    protected readonly AccessNetworkConfig Config;
    protected readonly GatedDetectorPair Detectors;
    protected readonly int[] SlotOwner;
    protected readonly int TimeBins;
    protected readonly long GatePeriodPs;
    protected readonly RngStreams Streams;
    private readonly IDetectionSink? _sink;
    private readonly DetectionRecord[] _batch = new DetectionRecord[BatchSize];
    private int _batchCount;
    private Xoshiro256 _bobRng;
    private readonly LinkState[] _linkStates;

    /// <summary>Set when a link state changed since the engine last built its click laws; the engine rebuilds before its next gate.</summary>
    protected bool LinkStatesChanged;

    /// <summary>Intensity counts of the pulses whose settings were drawn explicitly in the current emission interval, per user.</summary>
    protected readonly long[][] SampledIntensityCounts;
    protected readonly long[] SampledPulses;
    private readonly long[][] _emittedBefore;        // per user and intensity: pulses of the closed intervals
    private readonly Xoshiro256[] _unobservedRng;    // "user/{i}/unobserved"
    private long _intervalStartGate;

    public EngineCounters Counters { get; } = new();

    /// <summary>Optional per-gate observer (e.g. the analysis tally), called after the gate's records are written.</summary>
    public IGateObserver? GateObserver { get; set; }

    /// <summary>
    /// Draw the ground-truth emitted photon number of each logged pulse (the truth_photons column). Drawn from a
    /// stream of its own, so switching it off (tally-only runs) changes no other number of the run.
    /// </summary>
    public bool DrawTruthPhotons { get; set; } = true;

    /// <summary>All gates below this index are simulated.</summary>
    public long ProcessedUntilGate { get; protected set; }

    long QkdNetSim.Core.Kernel.IStepEngine.ProcessedUntilStep => ProcessedUntilGate;

    protected AccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink)
    {
        Config = config;
        _sink = sink;
        TimeBins = config.TimeBins;
        GatePeriodPs = config.GatePeriodPs;
        SlotOwner = config.SlotOwners();
        Streams = new RngStreams(config.Seed);
        Detectors = new GatedDetectorPair(config.Detector, Streams.StreamFor("receiver/detectors"));
        _bobRng = Streams.StreamFor("receiver/basis");
        SampledIntensityCounts = config.Users.Select(u => new long[u.Source.Levels]).ToArray();
        SampledPulses = new long[config.Users.Count];
        _linkStates = config.Users.Select(LinkState.Nominal).ToArray();
        _emittedBefore = config.Users.Select(u => new long[u.Source.Levels]).ToArray();
        _unobservedRng = config.Users.Select(u => Streams.StreamFor($"user/{u.Index}/unobserved")).ToArray();
    }

    /// <summary>
    /// Before simulating on: if a link state changed, close the emission interval under the old laws, reassign the bins to
    /// the users now active, and let the engine rebuild its laws from <see cref="ProcessedUntilGate"/>.
    /// </summary>
    protected void ApplyLinkChanges()
    {
        if (!LinkStatesChanged) return;
        LinkStatesChanged = false;
        CloseEmissionInterval();
        Array.Fill(SlotOwner, -1);
        foreach (var u in Config.Users)
            if (_linkStates[u.Index].Active) SlotOwner[u.Slot] = u.Index;
        RebuildLaws();
    }

    /// <summary>Rebuilds the engine's click laws from <see cref="LinkStates"/>, starting at gate <see cref="ProcessedUntilGate"/>.</summary>
    protected abstract void RebuildLaws();

    /// <summary>The current state of user <paramref name="userIndex"/>'s link.</summary>
    public LinkState GetLinkState(int userIndex) => _linkStates[userIndex];

    /// <summary>Every user's current link state, by user index.</summary>
    protected ReadOnlySpan<LinkState> LinkStates => _linkStates;

    /// <summary>
    /// Changes user <paramref name="userIndex"/>'s link from gate <see cref="ProcessedUntilGate"/> on (a kernel process calls
    /// this at its event time, when the session has simulated every earlier gate). Several changes at one time make one rebuild.
    /// </summary>
    public void SetLinkState(int userIndex, in LinkState state)
    {
        if (!(state.TransmittanceFactor >= 0) || !double.IsFinite(state.TransmittanceFactor)) throw new ArgumentOutOfRangeException(nameof(state), state.TransmittanceFactor, "transmittance factor must be finite and >= 0");
        if (!(state.IntensityFactor >= 0) || !double.IsFinite(state.IntensityFactor)) throw new ArgumentOutOfRangeException(nameof(state), state.IntensityFactor, "intensity factor must be finite and >= 0");
        if (!(state.PolarizationOverlap >= 0 && state.PolarizationOverlap <= 1)) throw new ArgumentOutOfRangeException(nameof(state), state.PolarizationOverlap, "polarization overlap must be in [0, 1]");
        if (!double.IsFinite(state.PhaseErrorRad) || !double.IsFinite(state.TimingOffsetPs)) throw new ArgumentOutOfRangeException(nameof(state), "phase and timing offset must be finite");
        if (_linkStates[userIndex] == state) return;
        _linkStates[userIndex] = state;
        LinkStatesChanged = true;
    }

    /// <summary>Simulates all gates in [ProcessedUntilGate, endGate).</summary>
    public abstract void AdvanceTo(long endGate);

    /// <summary>Receiver's basis for a gate whose primary law did not already fix it.</summary>
    protected byte DrawBobBasis() => _bobRng.NextDouble() < Config.BobBasis0Probability ? (byte)0 : (byte)1;

    /// <summary>Applies hold-off, writes one record per click and lets each avalanche seed its secondaries.</summary>
    protected void EmitClicks(long gate, int slot, int user, byte bobBasis, sbyte aliceBasis, sbyte aliceBit, sbyte intensity,
        short truthPhotons, ref ClickPair clicks)
    {
        Detectors.ApplyHoldoff(gate, ref clicks);
        if (!clicks.Any) return;
        Counters.DetectionGates++;
        if (clicks.Click0) Write(gate, 0, slot, user, bobBasis, aliceBasis, aliceBit, intensity, clicks.Cause0, truthPhotons);
        if (clicks.Click1) Write(gate, 1, slot, user, bobBasis, aliceBasis, aliceBit, intensity, clicks.Cause1, truthPhotons);
        if (clicks.Click0) Detectors.OnAvalanche(gate, 0);
        if (clicks.Click1) Detectors.OnAvalanche(gate, 1);
        GateObserver?.OnGate(gate, slot, user, intensity, aliceBasis, aliceBit, bobBasis, (clicks.Click0 ? 1 : 0) | (clicks.Click1 ? 2 : 0));
    }

    private void Write(long gate, int detector, int slot, int user, byte bobBasis, sbyte aliceBasis, sbyte aliceBit, sbyte intensity,
        DetectionCause cause, short truthPhotons)
    {
        Counters.ClickRows++;
        Counters.ClicksByCause[(int)cause]++;
        if (_sink == null) return;
        ref DetectionRecord r = ref _batch[_batchCount++];
        r.Gate = gate;
        r.TimePs = gate * GatePeriodPs;
        r.Detector = (byte)detector;
        r.TimeBin = (short)slot;
        r.User = (short)user;
        r.BobBasis = bobBasis;
        r.AliceBasis = aliceBasis;
        r.AliceBit = aliceBit;
        r.Intensity = intensity;
        r.TruthCause = cause;
        r.TruthPhotons = truthPhotons;
        if (_batchCount == BatchSize) Flush();
    }

    /// <summary>Hands buffered records to the sink. A gate's two clicks may straddle batches; sinks must cope.</summary>
    public void Flush()
    {
        if (_batchCount == 0 || _sink == null) return;
        _sink.Accept(new ReadOnlySpan<DetectionRecord>(_batch, 0, _batchCount));
        _batchCount = 0;
    }

    /// <summary>
    /// Pulses of each intensity that user <paramref name="userIndex"/> emitted in [0, ProcessedUntilGate): the closed emission
    /// intervals' counts, plus the open interval's explicitly drawn pulses and a multinomial draw for its gates never looked
    /// at (exact: those gates are i.i.d. given no click under the interval's constant law). The open interval's draw uses a
    /// copy of the user's stream, so asking twice gives the same answer and asking changes nothing.
    /// </summary>
    public long[] EmittedPulsesPerIntensity(int userIndex)
    {
        var counts = (long[])_emittedBefore[userIndex].Clone();
        var rng = _unobservedRng[userIndex];
        AddOpenInterval(userIndex, counts, ref rng);
        return counts;
    }

    /// <summary>
    /// Closes the emission interval at <see cref="ProcessedUntilGate"/>: the pulses never looked at get their intensities
    /// drawn under the law they were sent with, so per-interval (per-block) emitted counts are exact. Called at every law
    /// change, and by a session at block boundaries.
    /// </summary>
    public void CloseEmissionInterval()
    {
        foreach (var u in Config.Users)
        {
            AddOpenInterval(u.Index, _emittedBefore[u.Index], ref _unobservedRng[u.Index]);
            Array.Clear(SampledIntensityCounts[u.Index]);
            SampledPulses[u.Index] = 0;
        }
        _intervalStartGate = ProcessedUntilGate;
    }

    private void AddOpenInterval(int userIndex, long[] counts, ref Xoshiro256 rng)
    {
        var sampled = SampledIntensityCounts[userIndex];
        for (int k = 0; k < counts.Length; k++) counts[k] += sampled[k];
        int slot = Config.Users[userIndex].Slot;
        if (SlotOwner[slot] != userIndex) return; // inactive in this interval: sent nothing
        long rest = Config.PulsesInSlot(slot, ProcessedUntilGate) - Config.PulsesInSlot(slot, _intervalStartGate) - SampledPulses[userIndex];
        if (rest <= 0) return;
        var extra = new long[counts.Length];
        Samplers.Multinomial(ref rng, rest, UnobservedIntensityLaw(userIndex), extra);
        for (int k = 0; k < counts.Length; k++) counts[k] += extra[k];
    }

    /// <summary>Law of the intensity in a gate that was never looked at individually.</summary>
    protected abstract double[] UnobservedIntensityLaw(int userIndex);
}
