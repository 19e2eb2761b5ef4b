using QkdNetSim.Core.Random;
using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Reference engine: steps every gate and every photon. Each active user's pulse picks its intensity, basis and
/// bit; its photon number is Poisson(mu); each photon survives channel and detection with probability eta and
/// then exits Bob's interferometer at port 0 with the interference probability; each detector adds its own dark
/// count. Independent of <see cref="PrimaryClickModel"/>'s algebra, so agreement in distribution checks the fast engine.
/// Cost grows with gates: use it for small networks and short sessions.
/// </summary>
public sealed class PerPulseAccessNetworkEngine : AccessNetworkEngine
{
    private readonly UserPhysics?[] _bySlot;
    private Xoshiro256 _darkRng;

    private sealed class UserPhysics
    {
        public required AccessUser User;
        public required double Eta;
        public required double Visibility;
        public required double[] CumulativeIntensity;
        public Xoshiro256 Rng;
    }

    public PerPulseAccessNetworkEngine(AccessNetworkConfig config, IDetectionSink? sink) : base(config, sink)
    {
        _bySlot = new UserPhysics?[TimeBins];
        foreach (var u in config.Users.Where(u => u.Active))
        {
            var cumulative = new double[u.Source.Levels];
            double acc = 0;
            for (int k = 0; k < cumulative.Length; k++) { acc += u.Source.Probabilities[k]; cumulative[k] = acc; }
            cumulative[^1] = 1.0;
            _bySlot[u.Slot] = new UserPhysics
            {
                User = u,
                Eta = config.PhotonDetectionProbability(u),
                Visibility = PhaseInterferometer.VisibilityFromOpticalError(u.OpticalError),
                CumulativeIntensity = cumulative,
                Rng = Streams.StreamFor($"user/{u.Index}/perpulse"),
            };
        }
        _darkRng = Streams.StreamFor("receiver/perpulse-dark");
    }

    public override void AdvanceTo(long endGate)
    {
        double pDark = Config.Detector.PrimaryDarkProbabilityPerGate;
        for (long gate = ProcessedUntilGate; gate < endGate; gate++)
        {
            int slot = (int)(gate % TimeBins);
            var clicks = new ClickPair();
            UserPhysics? u = _bySlot[slot];
            sbyte aliceBasis = -1, aliceBit = -1, intensity = -1;
            short photons = -1;
            byte bobBasis = DrawBobBasis();
            int user = -1;
            if (u != null)
            {
                user = u.User.Index;
                ref Xoshiro256 rng = ref u.Rng;
                double r = rng.NextDouble();
                int k = 0;
                while (r >= u.CumulativeIntensity[k]) k++;
                intensity = (sbyte)k;
                aliceBasis = (sbyte)(rng.NextDouble() < u.User.Source.Basis0Probability ? 0 : 1);
                aliceBit = (sbyte)rng.NextBit();
                long emitted = Samplers.Poisson(ref rng, u.User.Source.MeanPhotonNumbers[k]);
                long detected = Samplers.Binomial(ref rng, emitted, u.Eta);
                double port0 = PhaseInterferometer.Port0Probability(aliceBasis, aliceBit, bobBasis, u.Visibility);
                long atPort0 = Samplers.Binomial(ref rng, detected, port0);
                if (atPort0 > 0) clicks.Set(0, DetectionCause.SignalPhoton);
                if (detected - atPort0 > 0) clicks.Set(1, DetectionCause.SignalPhoton);
                photons = (short)Math.Min(emitted, short.MaxValue);
                SampledIntensityCounts[user][k]++;
                SampledPulses[user]++;
            }
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

    protected override double[] UnobservedIntensityLaw(int userIndex) =>
        Config.Users[userIndex].Source.Probabilities.ToArray(); // never used: every pulse is drawn
}
