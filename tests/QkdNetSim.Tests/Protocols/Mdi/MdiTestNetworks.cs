using QkdNetSim.Detectors;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Tests.Protocols.Mdi;

/// <summary>Small MDI networks for engine tests.</summary>
internal static class MdiTestNetworks
{
    public static SnspdParameters Snspd(double eff = 0.8, double darkHz = 100, long deadPs = 40_000, double jitterPs = 50) =>
        new(EfficiencyFraction: eff, DarkCountRateHz: darkHz, DeadTimePs: deadPs, JitterRmsPs: jitterPs);

    public static MdiTiming Seed002Timing() => new(1e8, 5000, 800, 1000, 156);

    /// <summary>Two users A, B and one module; every knob exposed.</summary>
    public static MdiNetworkConfig Pair(double transmittance = 0.03, double polarizationOverlap = 1.0, double delayPs = 0,
        SnspdParameters? detector = null, MdiTiming? timing = null, TimeBinEncoder? encoder = null, double coherentFraction = 1.0,
        double linewidthHz = 1.1e5, double durationS = 1e-3, ulong seed = 7)
    {
        var enc = encoder ?? TimeBinEncoder.Seed002(30);
        var det = detector ?? Snspd();
        var line = new CombLine(35, coherentFraction, linewidthHz);
        var users = new[] { new MdiUser(0, "A", enc), new MdiUser(1, "B", enc) };
        var modules = new[] { new BsmModule(0, "AB", line, 0, 1, transmittance, transmittance, delayPs, polarizationOverlap, det, det) };
        return new MdiNetworkConfig(users, modules, timing ?? Seed002Timing(), true, durationS, seed);
    }

    /// <summary>The four-user network of seed 002 (K4 edge colouring of three lines), shared encoders.</summary>
    public static MdiNetworkConfig FourUser(double transmittance = 0.03, SnspdParameters? detector = null, bool sharedEncoder = true,
        double durationS = 1e-3, ulong seed = 11, TimeBinEncoder? encoder = null)
    {
        var enc = encoder ?? TimeBinEncoder.Seed002(30);
        var det = detector ?? Snspd();
        string[] names = ["A", "B", "C", "D"];
        var users = names.Select((n, i) => new MdiUser(i, n, enc)).ToArray();
        (int a, int b, int ch)[] links = [(0, 1, 35), (0, 2, 43), (0, 3, 59), (1, 2, 59), (1, 3, 43), (2, 3, 35)];
        var modules = links.Select((l, i) => new BsmModule(i, names[l.a] + names[l.b], new CombLine(l.ch, 1.0, 1.1e5),
            l.a, l.b, transmittance, transmittance, 0, 0.95, det, det)).ToArray();
        return new MdiNetworkConfig(users, modules, Seed002Timing(), sharedEncoder, durationS, seed);
    }

    /// <summary>Collects records in memory.</summary>
    public sealed class ListSink : ICoincidenceSink
    {
        public readonly List<QkdNetSim.Core.Records.CoincidenceRecord> Records = new();
        public void Accept(ReadOnlySpan<QkdNetSim.Core.Records.CoincidenceRecord> batch)
        {
            foreach (var r in batch) Records.Add(r);
        }
    }
}
