using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// Plausible detection rows for log tests: geometric gaps between clicking gates (so gate/time_ps compress like
/// a real session), 8 time bins with 6 users, random bases/bits, mostly-signal causes. Deterministic per seed.
/// </summary>
public static class SyntheticDetections
{
    /// <summary>Gate period of a 1 GHz receiver, ps.</summary>
    public const long GatePeriodPs = 1000;
    public const int TimeBins = 8;
    public const int Users = 6;

    public static DetectionRecord[] Generate(int count, int seed = 1, double meanGapGates = 200)
    {
        var rng = new System.Random(seed);
        var rows = new DetectionRecord[count];
        long gate = 0;
        for (int i = 0; i < count; i++)
        {
            gate += 1 + (long)(-Math.Log(1 - rng.NextDouble()) * meanGapGates);
            int bin = (int)(gate % TimeBins);
            bool occupied = bin < Users;
            double u = rng.NextDouble();
            var cause = u < 0.93 ? DetectionCause.SignalPhoton
                : u < 0.97 ? DetectionCause.DarkCount
                : u < 0.99 ? DetectionCause.Afterpulse
                : DetectionCause.Crosstalk;
            rows[i] = new DetectionRecord
            {
                Gate = gate,
                TimePs = gate * GatePeriodPs,
                Detector = (byte)rng.Next(2),
                TimeBin = (short)bin,
                User = (short)(occupied ? bin : -1),
                BobBasis = (byte)rng.Next(2),
                AliceBasis = (sbyte)(occupied ? rng.Next(2) : -1),
                AliceBit = (sbyte)(occupied ? rng.Next(2) : -1),
                Intensity = (sbyte)(occupied ? (rng.NextDouble() < 0.8 ? 0 : rng.Next(1, 3)) : -1),
                TruthCause = occupied ? cause : DetectionCause.DarkCount,
                TruthPhotons = (short)(occupied ? (cause == DetectionCause.SignalPhoton ? 1 + (rng.NextDouble() < 0.1 ? 1 : 0) : rng.Next(0, 2)) : -1),
            };
        }
        return rows;
    }

    /// <summary>Field-wise comparison (ValueType.Equals on a padded struct is reflection-slow).</summary>
    public static bool Same(in DetectionRecord a, in DetectionRecord b) =>
        a.Gate == b.Gate && a.TimePs == b.TimePs && a.Detector == b.Detector && a.TimeBin == b.TimeBin
        && a.User == b.User && a.BobBasis == b.BobBasis && a.AliceBasis == b.AliceBasis && a.AliceBit == b.AliceBit
        && a.Intensity == b.Intensity && a.TruthCause == b.TruthCause && a.TruthPhotons == b.TruthPhotons;

    /// <summary>The contract columns holding <paramref name="rows"/>, in file order, for <see cref="RawParquet.Write"/>.</summary>
    public static (DataField Field, Array Values)[] ToColumns(ReadOnlySpan<DetectionRecord> rows)
    {
        var copy = rows.ToArray();
        Array Column(Func<DetectionRecord, int> get) => copy.Select(get).ToArray();
        Array Column64(Func<DetectionRecord, long> get) => copy.Select(get).ToArray();
        return DetectionLogSchema.Log.Columns.Select(c => (c.Field, c.Name switch
        {
            DetectionLogSchema.Gate => Column64(r => r.Gate),
            DetectionLogSchema.TimePs => Column64(r => r.TimePs),
            DetectionLogSchema.Detector => Column(r => r.Detector),
            DetectionLogSchema.TimeBin => Column(r => r.TimeBin),
            DetectionLogSchema.User => Column(r => r.User),
            DetectionLogSchema.BobBasis => Column(r => r.BobBasis),
            DetectionLogSchema.AliceBasis => Column(r => r.AliceBasis),
            DetectionLogSchema.AliceBit => Column(r => r.AliceBit),
            DetectionLogSchema.Intensity => Column(r => r.Intensity),
            DetectionLogSchema.TruthCause => Column(r => (int)r.TruthCause),
            DetectionLogSchema.TruthPhotons => Column(r => r.TruthPhotons),
            _ => throw new ArgumentException(c.Name),
        })).ToArray();
    }
}
