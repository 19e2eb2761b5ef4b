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
    private readonly ulong[] _unobservedKey;         // "user/{i}/unobserved", keyed by the interval's first gate
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

    /// <summary>The receiver's detector pair (its pending secondary clicks and hold-off: the state an epoch hands on).</summary>
    public GatedDetectorPair DetectorPair => Detectors;

    /// <summary>True when the engine writes records (a log): every click then goes through the per-gate path.</summary>
    protected bool HasRecordSink => _sink != null;

    /// <summary>Pulses per intensity whose settings were drawn explicitly in the open emission interval, for user <paramref name="userIndex"/>.</summary>
    public ReadOnlySpan<long> SampledIntensities(int userIndex) => SampledIntensityCounts[userIndex];

    /// <summary>
    /// Starts a fresh engine at <paramref name="gate"/>, as if every earlier gate had been simulated (the emitted-pulse
    /// interval and the simulated span start there).
    /// </summary>
    protected void StartAt(long gate)
    {
        ProcessedUntilGate = gate;
        _intervalStartGate = gate;
    }

    /// <summary>Name of user i's stream of unobserved-pulse draws: "user/{i}/unobserved".</summary>
    public static string UnobservedStreamName(int userIndex) => $"user/{userIndex}/unobserved";

    /// <summary>
    /// The generator of the unobserved-pulse draw of the emission interval that starts at <paramref name="startGate"/>:
    /// keyed by the interval's first gate, so each interval's draw is its own whatever else was drawn before (epochs).
    /// </summary>
    public static Xoshiro256 IntervalRng(ulong unobservedKey, long startGate) =>
        new(SplitMix64.Mix(unobservedKey ^ SplitMix64.Mix((ulong)startGate)));

    long QkdNetSim.Core.Kernel.IStepEngine.ProcessedUntilStep => ProcessedUntilGate;

    protected AccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink)
    {
        Config = config;
        _sink = sink;
        TimeBins = config.TimeBins;
        GatePeriodPs = config.GatePeriodPs;
        SlotOwner = config.SlotOwners();
        Streams = new RngStreams(config.Seed);
        Detectors = new GatedDetectorPair(config.Detector, Streams.SeedFor("receiver/detectors"));
        _bobRng = Streams.StreamFor("receiver/basis");
        SampledIntensityCounts = config.Users.Select(u => new long[u.Source.Levels]).ToArray();
        SampledPulses = new long[config.Users.Count];
        _linkStates = config.Users.Select(LinkState.Nominal).ToArray();
        _emittedBefore = config.Users.Select(u => new long[u.Source.Levels]).ToArray();
        _unobservedKey = config.Users.Select(u => Streams.SeedFor(UnobservedStreamName(u.Index))).ToArray();
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

    /// <summary>
    /// Applies hold-off, writes one record per click and lets each avalanche seed its secondaries: with the trials the engine
    /// drew for the detector (<paramref name="trials"/>), else with the avalanche's own keyed draws.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    protected void EmitClicks(long gate, int slot, int user, byte bobBasis, sbyte aliceBasis, sbyte aliceBit, sbyte intensity,
        short truthPhotons, ref ClickPair clicks, in DrawnTrials trials = default)
    {
        Detectors.ApplyHoldoff(gate, ref clicks);
        if (!clicks.Any) return;
        Counters.DetectionGates++;
        if (clicks.Click0) Write(gate, 0, slot, user, bobBasis, aliceBasis, aliceBit, intensity, clicks.Cause0, truthPhotons);
        if (clicks.Click1) Write(gate, 1, slot, user, bobBasis, aliceBasis, aliceBit, intensity, clicks.Cause1, truthPhotons);
        if (clicks.Click0) { if (trials.Drawn0) Detectors.OnAvalanche(gate, 0, trials.Afterpulse0, trials.Crosstalk0); else Detectors.OnAvalanche(gate, 0); }
        if (clicks.Click1) { if (trials.Drawn1) Detectors.OnAvalanche(gate, 1, trials.Afterpulse1, trials.Crosstalk1); else Detectors.OnAvalanche(gate, 1); }
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
    /// at (exact: those gates are i.i.d. given no click under the interval's constant law). Each interval's draw has a
    /// generator keyed by its first gate (<see cref="IntervalRng"/>), so asking twice gives the same answer and asking changes nothing.
    /// </summary>
    public long[] EmittedPulsesPerIntensity(int userIndex)
    {
        var counts = (long[])_emittedBefore[userIndex].Clone();
        AddOpenInterval(userIndex, counts);
        return counts;
    }

    /// <summary>
    /// Closes the emission interval at <see cref="ProcessedUntilGate"/>: the pulses never looked at get their intensities
    /// drawn under the law they were sent with, so per-interval (per-block) emitted counts are exact. Called at every law
    /// change, at epoch boundaries (<see cref="FastAccessNetworkEngine"/>), and by a session at block boundaries.
    /// </summary>
    public void CloseEmissionInterval()
    {
        foreach (var u in Config.Users)
        {
            AddOpenInterval(u.Index, _emittedBefore[u.Index]);
            Array.Clear(SampledIntensityCounts[u.Index]);
            SampledPulses[u.Index] = 0;
        }
        _intervalStartGate = ProcessedUntilGate;
    }

    private void AddOpenInterval(int userIndex, long[] counts)
    {
        int slot = Config.Users[userIndex].Slot;
        var rng = IntervalRng(_unobservedKey[userIndex], _intervalStartGate);
        AddIntervalPulses(counts, SampledIntensityCounts[userIndex], SampledPulses[userIndex], SlotOwner[slot] == userIndex,
            Config.PulsesInSlot(slot, ProcessedUntilGate) - Config.PulsesInSlot(slot, _intervalStartGate), UnobservedIntensityLaw(userIndex), ref rng);
    }

    /// <summary>
    /// Adds one emission interval's pulses per intensity to <paramref name="counts"/>: the explicitly drawn ones
    /// (<paramref name="sampled"/>, <paramref name="sampledPulses"/> in all) and, if the user was active, a multinomial draw
    /// over <paramref name="unobservedLaw"/> for the rest of the interval's <paramref name="intervalPulses"/> pulses.
    /// </summary>
    public static void AddIntervalPulses(long[] counts, ReadOnlySpan<long> sampled, long sampledPulses, bool active, long intervalPulses,
        double[] unobservedLaw, ref Xoshiro256 rng)
    {
        for (int k = 0; k < counts.Length; k++) counts[k] += sampled[k];
        if (!active) return; // inactive in this interval: sent nothing
        long rest = intervalPulses - sampledPulses;
        if (rest <= 0) return;
        Span<long> extra = stackalloc long[counts.Length];
        extra.Clear();
        Samplers.Multinomial(ref rng, rest, unobservedLaw, extra);
        for (int k = 0; k < counts.Length; k++) counts[k] += extra[k];
    }

    /// <summary>Law of the intensity in a gate that was never looked at individually, for user <paramref name="userIndex"/> under the current laws.</summary>
    public abstract double[] UnobservedIntensityLaw(int userIndex);
}

/// <summary>
/// The afterpulse and crosstalk trials an engine drew ahead for a gate's potential avalanches (<see cref="AvalancheTrials"/>):
/// per detector whether they were drawn and the delays in gates (0: none).
/// </summary>
public readonly record struct DrawnTrials(bool Drawn0, long Afterpulse0, long Crosstalk0, bool Drawn1, long Afterpulse1, long Crosstalk1);
