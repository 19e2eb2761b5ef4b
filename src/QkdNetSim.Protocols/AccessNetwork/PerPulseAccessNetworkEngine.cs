using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Reference engine: steps every gate and every photon. Each active user's pulse picks its intensity, basis and
/// bit; its photon number is Poisson(r mu); each photon survives channel and detection with probability eta, takes the
/// interfering paths with the polarization overlap c or a satellite (1 - c)/2 each (one interferometer delay early or
/// late), and is caught by gate k with the window's efficiency at its arrival time (<see cref="GateTiming.LandingGates"/>),
/// else lost; it then exits Bob's interferometer at port 0 with the interference probability of its own settings and the
/// basis of the gate that catches it (satellites 50:50); each detector adds its own dark count. Independent of
/// <see cref="PrimaryClickModel"/>'s algebra, so agreement in distribution checks the fast engine. Photons are held per
/// gate in a ring until their gate is processed; a pulse is drawn as soon as its earliest reachable gate comes up.
/// Link states (issue 12) apply to pulses drawn after a change; light of pulses drawn before it keeps the old state (a
/// boundary effect over the light's reach, a few gates). Cost grows with gates: use it for small networks and short sessions.
/// </summary>
public sealed class PerPulseAccessNetworkEngine : AccessNetworkEngine
{
    private UserPhysics?[] _byUser = [];
    private readonly long[] _nextOwnGate;
    private Xoshiro256 _darkRng;
    private PendingGate[] _ring = new PendingGate[16];

    private sealed class UserPhysics
    {
        public required AccessUser User;
        public required LinkState State;
        public required double Eta;              // channel x receiver x detector x transmittance factor (no window, no path)
        public required double Visibility;
        public required double[] CumulativeIntensity;
        public required (long Gate, double P, bool Interferes)[] Landings; // P(a detected photon takes this path and gate k)
        public required long Lead;               // min(0, earliest k): the pulse is drawn at gate own + Lead
    }

    /// <summary>What has arrived for one gate: the owner's settings and the photons at each output so far.</summary>
    private struct PendingGate
    {
        public long Gate;
        public bool HasBasis, HasOwner;
        public byte BobBasis;
        public int User;
        public sbyte Intensity, AliceBasis, AliceBit;
        public short Emitted;
        public long Photons0, Photons1;
    }

    private readonly Xoshiro256[] _userRng;

    public PerPulseAccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink) : base(config, sink)
    {
        _userRng = config.Users.Select(u => Streams.StreamFor($"user/{u.Index}/perpulse")).ToArray();
        _darkRng = Streams.StreamFor("receiver/perpulse-dark");
        _nextOwnGate = config.Users.Select(u => (long)u.Slot).ToArray();
        for (int i = 0; i < _ring.Length; i++) _ring[i].Gate = -1;
        RebuildLaws();
    }

    protected override void RebuildLaws()
    {
        _byUser = new UserPhysics?[Config.Users.Count];
        long span = 1;
        foreach (var u in Config.Users)
        {
            LinkState st = LinkStates[u.Index];
            if (!st.Active) continue;
            var cumulative = new double[u.Source.Levels];
            double acc = 0;
            for (int k = 0; k < cumulative.Length; k++) { acc += u.Source.Probabilities[k]; cumulative[k] = acc; }
            cumulative[^1] = 1.0;
            var landings = new List<(long, double, bool)>();
            foreach (var (offsetPs, fraction, interferes) in GateArrivals.Paths(st, Config.EffectiveInterferometerDelayPs))
                foreach (var (k, window) in GateTiming.LandingGates(WithinFewFrames(offsetPs), Config.GateWindowFwhmPs, Config.GatePeriodPs))
                    landings.Add((k, fraction * window, interferes));
            long first = landings.Count == 0 ? 0 : landings.Min(l => l.Item1), last = landings.Count == 0 ? 0 : landings.Max(l => l.Item1);
            span = Math.Max(span, Math.Max(last, 0) - Math.Min(first, 0) + 1);
            _byUser[u.Index] = new UserPhysics
            {
                User = u, State = st,
                Eta = Config.PhotonDetectionProbability(u, 1) * st.TransmittanceFactor,
                Visibility = PhaseInterferometer.VisibilityFromOpticalError(u.OpticalError),
                CumulativeIntensity = cumulative, Landings = landings.ToArray(), Lead = Math.Min(0, first),
            };
        }
        if (span + 1 > _ring.Length) GrowRing(span + 1);
        // A user that joins starts with its next own gate at or after now.
        foreach (var u in Config.Users)
            while (_nextOwnGate[u.Index] + (_byUser[u.Index]?.Lead ?? 0) < ProcessedUntilGate) _nextOwnGate[u.Index] += TimeBins;
    }

    /// <summary>
    /// An offset of many frames shifted by whole multiples F of frames into [F, 2F), with F longer than the window's reach: the
    /// light then still reaches only other frames' pulses' gates, and every frame is alike, so the gates' law is the same while
    /// the photon ring stays a few frames long. Only the session's first frames differ (light from before the session start).
    /// </summary>
    private double WithinFewFrames(double offsetPs)
    {
        double framePs = (double)TimeBins * Config.GatePeriodPs;
        double periodPs = framePs * (Math.Ceiling(GateTiming.ReachPs(Config.GateWindowFwhmPs) / framePs) + 1);
        if (Math.Abs(offsetPs) < 2 * periodPs) return offsetPs;
        return periodPs + ((offsetPs % periodPs) + periodPs) % periodPs;
    }

    public override void AdvanceTo(long endGate)
    {
        ApplyLinkChanges();
        double pDark = Config.Detector.PrimaryDarkProbabilityPerGate;
        for (long gate = ProcessedUntilGate; gate < endGate; gate++)
        {
            for (int i = 0; i < _byUser.Length; i++)
                while (_nextOwnGate[i] + (_byUser[i]?.Lead ?? 0) <= gate)
                {
                    if (_byUser[i] is { } u) EmitPulse(u, ref _userRng[i], _nextOwnGate[i], gate);
                    _nextOwnGate[i] += TimeBins;
                }
            int slot = (int)(gate % TimeBins);
            ref PendingGate p = ref At(gate);
            var clicks = new ClickPair();
            byte bobBasis = BasisOf(ref p);
            sbyte aliceBasis = -1, aliceBit = -1, intensity = -1;
            short photons = -1;
            int user = -1;
            if (p.HasOwner)
            {
                user = p.User;
                aliceBasis = p.AliceBasis; aliceBit = p.AliceBit; intensity = p.Intensity; photons = p.Emitted;
                SampledIntensityCounts[user][intensity]++;
                SampledPulses[user]++;
            }
            if (p.Photons0 > 0) clicks.Set(0, DetectionCause.SignalPhoton);
            if (p.Photons1 > 0) clicks.Set(1, DetectionCause.SignalPhoton);
            p.Gate = -1; // consumed
            if (pDark > 0)
            {
                if (_darkRng.NextDouble() < pDark) clicks.Set(0, DetectionCause.DarkCount);
                if (_darkRng.NextDouble() < pDark) clicks.Set(1, DetectionCause.DarkCount);
            }
            Detectors.CollectSecondaries(gate, ref clicks);
            if (!clicks.Any) continue;
            EmitClicks(gate, slot, user, bobBasis, aliceBasis, aliceBit, intensity, photons, ref clicks);
        }
        ProcessedUntilGate = Math.Max(ProcessedUntilGate, endGate);
    }

    /// <summary>Draws the pulse user u sends for gate <paramref name="ownGate"/> and places each detected photon in the gate that catches it.</summary>
    private void EmitPulse(UserPhysics u, ref Xoshiro256 rng, long ownGate, long now)
    {
        double r = rng.NextDouble();
        int k = 0;
        while (r >= u.CumulativeIntensity[k]) k++;
        int a = rng.NextDouble() < u.User.Source.Basis0Probability ? 0 : 1, x = rng.NextBit();
        long emitted = Samplers.Poisson(ref rng, u.User.Source.MeanPhotonNumbers[k] * u.State.IntensityFactor);
        long detected = Samplers.Binomial(ref rng, emitted, u.Eta);
        if (ownGate >= now)
        {
            ref PendingGate own = ref At(ownGate);
            own.HasOwner = true; own.User = u.User.Index;
            own.Intensity = (sbyte)k; own.AliceBasis = (sbyte)a; own.AliceBit = (sbyte)x;
            own.Emitted = (short)Math.Min(emitted, short.MaxValue);
        }
        for (long n = 0; n < detected; n++)
        {
            double y = rng.NextDouble();
            foreach (var (dk, p, interferes) in u.Landings)
            {
                if (y >= p) { y -= p; continue; }
                long gate = ownGate + dk;
                if (gate < now) break; // a boundary effect of a late draw (see the class comment)
                ref PendingGate g = ref At(gate);
                double port0 = interferes ? PhaseInterferometer.Port0Probability(a, x, BasisOf(ref g), u.Visibility, u.State.PhaseErrorRad) : 0.5;
                if (rng.NextDouble() < port0) g.Photons0++; else g.Photons1++;
                break;
            }
        }
    }

    private byte BasisOf(ref PendingGate g)
    {
        if (!g.HasBasis) { g.BobBasis = DrawBobBasis(); g.HasBasis = true; }
        return g.BobBasis;
    }

    /// <summary>The ring entry of <paramref name="gate"/>, started empty on first use.</summary>
    private ref PendingGate At(long gate)
    {
        ref PendingGate p = ref _ring[gate & (_ring.Length - 1)];
        if (p.Gate != gate) p = new PendingGate { Gate = gate, User = -1 };
        return ref p;
    }

    private void GrowRing(long needed)
    {
        int size = _ring.Length;
        while (size < needed) size *= 2;
        var old = _ring;
        _ring = new PendingGate[size];
        for (int i = 0; i < size; i++) _ring[i].Gate = -1;
        foreach (var p in old)
            if (p.Gate >= 0) _ring[p.Gate & (size - 1)] = p;
    }

    public override double[] UnobservedIntensityLaw(int userIndex) =>
        Config.Users[userIndex].Source.Probabilities.ToArray(); // never used: every pulse is drawn
}
