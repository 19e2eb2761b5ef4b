using System.Diagnostics;
using QkdNetSim.Core.Records;
using QkdNetSim.Runs.Access;
using Xunit.Abstractions;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// Writes and reads a 4 Mi-row log at the production row-group size and prints the throughput for review. Speed is
/// measured and judged by `qkdnetsim bench` (fresh processes, BENCHMARKS.md), not here: a shared CI machine gives no
/// timing a unit test could assert. The asserts are functional: every row comes back, in order, and the encoding compresses.
/// </summary>
public sealed class DetectionLogThroughputTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 4 << 20;
    private const int RowGroupSizeRows = 1 << 20;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WriteAndReadThroughput()
    {
        // 1 Mi distinct rows replayed with a gate offset: realistic compression without 4 Mi rows of test data.
        var pattern = SyntheticDetections.Generate(1 << 20, seed: 5);
        long patternSpanGates = pattern[^1].Gate + 1;
        var metadata = new Dictionary<string, string> { [DetectionLogSchema.ManifestKey] = "{\"bench\":true}" };

        // Warm-up pass so JIT tiering does not count against the measured pass.
        WriteLog(_dir.File("warmup.parquet"), pattern, patternSpanGates, metadata, rows: RowGroupSizeRows * 2, out _, out _, out _);

        var path = _dir.File("detections.parquet");
        WriteLog(path, pattern, patternSpanGates, metadata, Rows, out var appendTime, out var totalTime, out long writtenGateSum);
        long fileBytes = new FileInfo(path).Length;

        var readTime = Stopwatch.StartNew();
        long rowsRead = 0, gateChecksum = 0, previousGate = -1;
        bool ordered = true;
        using (var reader = DetectionLogReader.Open(path))
        {
            foreach (var chunk in reader.ReadChunks())
            {
                foreach (ref readonly var r in chunk.Span)
                {
                    gateChecksum += r.Gate;
                    ordered &= r.Gate > previousGate;
                    previousGate = r.Gate;
                }
                rowsRead += chunk.Length;
            }
        }
        readTime.Stop();

        double writeRowsPerS = Rows / totalTime.TotalSeconds;
        double readRowsPerS = Rows / readTime.Elapsed.TotalSeconds;
        output.WriteLine($"rows {Rows:N0}, row group {RowGroupSizeRows:N0} rows");
        output.WriteLine($"file {fileBytes:N0} B = {fileBytes / (double)Rows:F2} B/row");
        output.WriteLine($"append only      {appendTime.TotalNanoseconds / Rows:F1} ns/row");
        output.WriteLine($"encode+write     {(totalTime - appendTime).TotalNanoseconds / Rows:F1} ns/row");
        output.WriteLine($"write total      {totalTime.TotalNanoseconds / Rows:F1} ns/row = {writeRowsPerS:E2} rows/s");
        output.WriteLine($"read             {readTime.Elapsed.TotalNanoseconds / Rows:F1} ns/row = {readRowsPerS:E2} rows/s");

        Assert.Equal(Rows, rowsRead);
        Assert.Equal(writtenGateSum, gateChecksum);
        Assert.True(ordered, "gates do not increase row by row");
        Assert.True(fileBytes / (double)Rows < 16, "compression/encoding not effective");
    }

    /// <summary>
    /// Appends <paramref name="rows"/> rows; <paramref name="appendTime"/> is the time spent in Append calls
    /// that did not flush (pure buffering), <paramref name="totalTime"/> includes flushes, footer and commit.
    /// </summary>
    private static void WriteLog(string path, DetectionRecord[] pattern, long patternSpanGates,
        Dictionary<string, string> metadata, int rows, out TimeSpan appendTime, out TimeSpan totalTime, out long gateSum)
    {
        var total = Stopwatch.StartNew();
        long flushTicks = 0;
        gateSum = 0;
        using (var writer = new DetectionLogWriter(path, metadata, RowGroupSizeRows))
        {
            int i = 0;
            long gateOffset = 0;
            while (i < rows)
            {
                // Append up to the row before the flush-triggering one in a tight loop, then time the flush row.
                int batch = Math.Min(Math.Min(pattern.Length, rows - i), RowGroupSizeRows - (int)(writer.RowsAppended % RowGroupSizeRows));
                for (int k = 0; k < batch - 1; k++)
                {
                    var r = pattern[k];
                    r.Gate += gateOffset;
                    r.TimePs += gateOffset * SyntheticDetections.GatePeriodPs;
                    writer.Append(in r);
                    gateSum += r.Gate;
                }
                long t0 = Stopwatch.GetTimestamp();
                var last = pattern[batch - 1];
                last.Gate += gateOffset;
                last.TimePs += gateOffset * SyntheticDetections.GatePeriodPs;
                writer.Append(in last);
                gateSum += last.Gate;
                flushTicks += Stopwatch.GetTimestamp() - t0;
                i += batch;
                gateOffset += patternSpanGates;
            }
            long t1 = Stopwatch.GetTimestamp();
            writer.Complete();
            flushTicks += Stopwatch.GetTimestamp() - t1;
        }
        total.Stop();
        totalTime = total.Elapsed;
        appendTime = totalTime - Stopwatch.GetElapsedTime(0, flushTicks);
    }
}
