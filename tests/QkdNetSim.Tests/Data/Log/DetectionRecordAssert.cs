using QkdNetSim.Core.Records;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>Field-wise record comparison (ValueType.Equals on a padded struct is reflection-slow).</summary>
public static class DetectionRecordAssert
{
    public static bool Same(in DetectionRecord a, in DetectionRecord b) =>
        a.Gate == b.Gate && a.TimePs == b.TimePs && a.Detector == b.Detector && a.TimeBin == b.TimeBin
        && a.User == b.User && a.BobBasis == b.BobBasis && a.AliceBasis == b.AliceBasis && a.AliceBit == b.AliceBit
        && a.Intensity == b.Intensity && a.TruthCause == b.TruthCause && a.TruthPhotons == b.TruthPhotons;

    /// <summary>Reads the whole log through <see cref="DetectionLogReader.ReadChunks"/> and compares it row by row.</summary>
    public static void FileHolds(string path, ReadOnlySpan<DetectionRecord> expected, out int chunks)
    {
        using var reader = DetectionLogReader.Open(path);
        Assert.Equal(expected.Length, reader.RowCount);
        long row = 0;
        chunks = 0;
        foreach (var chunk in reader.ReadChunks())
        {
            chunks++;
            var span = chunk.Span;
            for (int i = 0; i < span.Length; i++, row++)
                if (!Same(expected[(int)row], span[i]))
                    Assert.Fail($"row {row} differs");
        }
        Assert.Equal(expected.Length, row);
    }
}
