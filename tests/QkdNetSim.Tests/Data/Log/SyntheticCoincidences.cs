using Parquet.Schema;
using QkdNetSim.Core.Records;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// Plausible coincidence rows for log tests: geometric gaps between coincidence slots (so slot and time tags compress
/// like a real session), six modules, four-intensity protocol choices, mostly-signal causes. Deterministic per seed.
/// </summary>
public static class SyntheticCoincidences
{
    /// <summary>Pulse-pair slot period, ps (a 1.25 GHz-class clock), and early/late bin separation.</summary>
    public const long SlotPeriodPs = 800;
    public const long BinSeparationPs = 400;
    public const int Modules = 6;

    public static CoincidenceRecord[] Generate(int count, int seed = 1, double meanGapSlots = 5000)
    {
        var rng = new System.Random(seed);
        var rows = new CoincidenceRecord[count];
        long slot = 0;
        for (int i = 0; i < count; i++)
        {
            slot += 1 + (long)(-Math.Log(1 - rng.NextDouble()) * meanGapSlots);
            byte bin0 = (byte)rng.Next(2), bin1 = (byte)rng.Next(2);
            sbyte intensityA = Intensity(rng), intensityB = Intensity(rng);
            rows[i] = new CoincidenceRecord
            {
                Slot = slot,
                Module = (short)rng.Next(Modules),
                TimeD0Ps = slot * SlotPeriodPs + bin0 * BinSeparationPs + rng.Next(-30, 31),
                TimeD1Ps = slot * SlotPeriodPs + bin1 * BinSeparationPs + rng.Next(-30, 31),
                BinD0 = bin0,
                BinD1 = bin1,
                ExtraClicks = (byte)(rng.NextDouble() < 0.02 ? rng.Next(1, 3) : 0),
                IntensityA = intensityA,
                IntensityB = intensityB,
                BasisA = (sbyte)(intensityA == 0 ? 0 : 1),
                BasisB = (sbyte)(intensityB == 0 ? 0 : 1),
                BitA = (sbyte)rng.Next(2),
                BitB = (sbyte)rng.Next(2),
                TruthCauseD0 = Cause(rng),
                TruthCauseD1 = Cause(rng),
                TruthPhotonsD0 = (short)rng.Next(0, 3),
                TruthPhotonsD1 = (short)rng.Next(0, 3),
            };
        }
        return rows;
    }

    private static sbyte Intensity(System.Random rng)
    {
        double u = rng.NextDouble();
        return (sbyte)(u < 0.754 ? 0 : u < 0.790 ? 1 : u < 0.978 ? 2 : 3);
    }

    private static DetectionCause Cause(System.Random rng) =>
        rng.NextDouble() < 0.9 ? DetectionCause.SignalPhoton : DetectionCause.DarkCount;

    /// <summary>Field-wise comparison (ValueType.Equals on a padded struct is reflection-slow).</summary>
    public static bool Same(in CoincidenceRecord a, in CoincidenceRecord b) =>
        a.Slot == b.Slot && a.Module == b.Module && a.TimeD0Ps == b.TimeD0Ps && a.TimeD1Ps == b.TimeD1Ps
        && a.BinD0 == b.BinD0 && a.BinD1 == b.BinD1 && a.ExtraClicks == b.ExtraClicks
        && a.IntensityA == b.IntensityA && a.IntensityB == b.IntensityB && a.BasisA == b.BasisA && a.BasisB == b.BasisB
        && a.BitA == b.BitA && a.BitB == b.BitB && a.TruthCauseD0 == b.TruthCauseD0 && a.TruthCauseD1 == b.TruthCauseD1
        && a.TruthPhotonsD0 == b.TruthPhotonsD0 && a.TruthPhotonsD1 == b.TruthPhotonsD1;

    /// <summary>The contract columns holding <paramref name="rows"/>, in file order, for <see cref="RawParquet.Write"/>.</summary>
    public static (DataField Field, Array Values)[] ToColumns(ReadOnlySpan<CoincidenceRecord> rows)
    {
        var copy = rows.ToArray();
        Array Column(Func<CoincidenceRecord, int> get) => copy.Select(get).ToArray();
        Array Column64(Func<CoincidenceRecord, long> get) => copy.Select(get).ToArray();
        return CoincidenceLogSchema.Columns.Select(c => (c.Field, c.Name switch
        {
            CoincidenceLogSchema.Slot => Column64(r => r.Slot),
            CoincidenceLogSchema.Module => Column(r => r.Module),
            CoincidenceLogSchema.TimeD0Ps => Column64(r => r.TimeD0Ps),
            CoincidenceLogSchema.TimeD1Ps => Column64(r => r.TimeD1Ps),
            CoincidenceLogSchema.BinD0 => Column(r => r.BinD0),
            CoincidenceLogSchema.BinD1 => Column(r => r.BinD1),
            CoincidenceLogSchema.ExtraClicks => Column(r => r.ExtraClicks),
            CoincidenceLogSchema.IntensityA => Column(r => r.IntensityA),
            CoincidenceLogSchema.IntensityB => Column(r => r.IntensityB),
            CoincidenceLogSchema.BasisA => Column(r => r.BasisA),
            CoincidenceLogSchema.BasisB => Column(r => r.BasisB),
            CoincidenceLogSchema.BitA => Column(r => r.BitA),
            CoincidenceLogSchema.BitB => Column(r => r.BitB),
            CoincidenceLogSchema.TruthCauseD0 => Column(r => (int)r.TruthCauseD0),
            CoincidenceLogSchema.TruthCauseD1 => Column(r => (int)r.TruthCauseD1),
            CoincidenceLogSchema.TruthPhotonsD0 => Column(r => r.TruthPhotonsD0),
            CoincidenceLogSchema.TruthPhotonsD1 => Column(r => r.TruthPhotonsD1),
            _ => throw new ArgumentException(c.Name),
        })).ToArray();
    }
}
