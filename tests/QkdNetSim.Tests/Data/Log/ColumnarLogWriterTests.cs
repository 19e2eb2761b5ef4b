using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// The pipelined writer (row groups encoded on encoder threads, written in order): its bytes are the synchronous
/// writer's (0 encoder threads: Parquet.Net's own writer straight into the file) whatever the thread count, an encoder
/// failure reaches the caller and publishes nothing, and the row-group buffers in existence stay bounded.
/// </summary>
public sealed class ColumnarLogWriterTests : IDisposable
{
    private const int RowGroupSizeRows = 4096;

    private static readonly Dictionary<string, string> Metadata = new()
    {
        [LogMetadata.ManifestKey] = """{"scenario":"pipeline","seed":11}""",
        ["z.key"] = "last",
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Row counts around the row-group boundaries and Thrift's short/long list-header forms (15 elements).</summary>
    public static TheoryData<int> RowCounts =>
    [
        0,
        1,
        RowGroupSizeRows,
        14 * RowGroupSizeRows,
        15 * RowGroupSizeRows,
        15 * RowGroupSizeRows + 1,
        40 * RowGroupSizeRows + 123,
    ];

    [Theory]
    [MemberData(nameof(RowCounts))]
    public void Detection_log_bytes_do_not_depend_on_the_encoder_thread_count(int rows)
    {
        var records = SyntheticDetections.Generate(rows, seed: 21);
        byte[] synchronous = WriteDetections("sync.parquet", records, encoderThreads: 0);
        foreach (int threads in new[] { 1, 2, 3, 5 })
            Assert.Equal(synchronous, WriteDetections($"threads{threads}.parquet", records, threads));

        using var reader = DetectionLogReader.Open(_dir.File("threads3.parquet"));
        Assert.Equal(rows, reader.RowCount);
        Assert.Equal((rows + RowGroupSizeRows - 1) / RowGroupSizeRows, reader.RowGroupCount);
        int i = 0;
        foreach (var chunk in reader.ReadChunks())
            foreach (ref readonly var r in chunk.Span)
                Assert.True(SyntheticDetections.Same(records[i++], r), $"row {i - 1} differs");
        Assert.Equal(rows, i);
    }

    [Fact]
    public void Cv_log_bytes_with_double_columns_do_not_depend_on_the_encoder_thread_count()
    {
        byte[] synchronous = WriteCv("sync.parquet", encoderThreads: 0);
        foreach (int threads in new[] { 1, 2, 4 })
            Assert.Equal(synchronous, WriteCv($"threads{threads}.parquet", threads));
    }

    [Fact]
    public void An_encoder_failure_surfaces_on_the_caller_and_publishes_nothing()
    {
        var path = _dir.File(DetectionLogSchema.FileName);
        var records = SyntheticDetections.Generate(12 * RowGroupSizeRows, seed: 4);
        var writer = new ColumnarLogWriter(path, DetectionLogSchema.Log, Metadata, RowGroupSizeRows, encoderThreads: 2,
            beforeEncode: group => { if (group == 3) throw new IOException("No space left on device (injected)"); });
        try
        {
            var failure = Record.Exception(() =>
            {
                ulong hash = 0;
                for (int at = 0; at < records.Length; at += RowGroupSizeRows)
                {
                    var buffers = writer.Reserve(out int first, out int free);
                    hash = DetectionColumns.Fill(records.AsSpan(at, free), buffers, first, hash);
                    writer.Advance(free);
                }
                writer.Complete();
            });
            var io = Assert.IsType<IOException>(failure);
            Assert.Contains("injected", io.Message);
            // The writer refuses further work; nothing is published.
            Assert.Throws<InvalidOperationException>(writer.Complete);
            Assert.False(File.Exists(path));
        }
        finally
        {
            writer.Dispose();
        }
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void Row_group_buffers_in_existence_never_exceed_the_encoder_threads_plus_one()
    {
        var path = _dir.File(DetectionLogSchema.FileName);
        const int threads = 3;
        const int groups = 30;
        var records = SyntheticDetections.Generate(groups * RowGroupSizeRows, seed: 8);
        using var encodersMayStart = new ManualResetEventSlim(false);
        using (var writer = new ColumnarLogWriter(path, DetectionLogSchema.Log, Metadata, RowGroupSizeRows, threads,
                   beforeEncode: _ => encodersMayStart.Wait()))
        {
            ulong hash = 0;
            void AppendGroup(int group)
            {
                var buffers = writer.Reserve(out int first, out int free);
                hash = DetectionColumns.Fill(records.AsSpan(group * RowGroupSizeRows, free), buffers, first, hash);
                writer.Advance(free);
            }

            // With every encoder held back, each closed row group takes a new set of buffers, up to the bound: one set
            // per encoder thread and the one being filled.
            for (int g = 0; g < threads; g++) AppendGroup(g);
            Assert.Equal(threads + 1, writer.MaxBuffers);
            Assert.Equal(writer.MaxBuffers, writer.BuffersCreated);

            // Released, the encoders recycle those sets: the caller waits for one instead of allocating another.
            encodersMayStart.Set();
            for (int g = threads; g < groups; g++) AppendGroup(g);
            writer.Complete();
            Assert.Equal(writer.MaxBuffers, writer.BuffersCreated);
        }

        using var reader = DetectionLogReader.Open(path);
        Assert.Equal(records.Length, reader.RowCount);
        Assert.Equal(groups, reader.RowGroupCount);
    }

    private byte[] WriteDetections(string name, DetectionRecord[] records, int encoderThreads)
    {
        var path = _dir.File(name);
        using (var writer = new DetectionLogWriter(path, Metadata, RowGroupSizeRows, encoderThreads))
        {
            Assert.Equal(encoderThreads, writer.EncoderThreads);
            // Batches that straddle row-group boundaries, as the engine's do.
            for (int at = 0; at < records.Length; at += 1000)
                writer.AppendRange(records.AsSpan(at, Math.Min(1000, records.Length - at)));
            writer.SetMetadata("a.key", "set before complete");
            writer.Complete();
        }
        return File.ReadAllBytes(path);
    }

    private byte[] WriteCv(string name, int encoderThreads)
    {
        var path = _dir.File(name);
        var rng = new Random(5);
        const int block = 3000;
        double[] Quadratures() => Enumerable.Range(0, block).Select(_ => rng.NextDouble() * 8 - 4).ToArray();
        using (var writer = new CvSampleLogWriter(path, Metadata, RowGroupSizeRows, encoderThreads))
        {
            for (int b = 0; b < 20; b++)
                for (int user = 0; user < 2; user++)
                    writer.AppendBlock((long)b * block, user, Quadratures(), Quadratures(), Quadratures(), Quadratures());
            writer.Complete();
        }
        return File.ReadAllBytes(path);
    }
}
