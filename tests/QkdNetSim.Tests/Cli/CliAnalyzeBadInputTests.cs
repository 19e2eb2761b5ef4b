using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// Bad logs given to `analyze`: exit code 2, one stderr line naming the log file, and the run's summary.json left
/// exactly as it was (never overwritten by a half analysis), with no temporary file left behind.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliAnalyzeBadInputTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>A tiny logged run; returns the run directory.</summary>
    private string TinyRun(string name = "run")
    {
        string dir = _tmp.Sub(name);
        CliRunner.RunOk(dir, "--seed", "3", "--duration", "0.02");
        Assert.True(File.Exists(Path.Combine(dir, DetectionLogSchema.FileName)));
        Assert.True(File.Exists(Path.Combine(dir, RunPipeline.SummaryFileName)));
        return dir;
    }

    /// <summary>analyze must fail with one "error: LOG: file: ..." line and leave summary.json byte-identical.</summary>
    private static string AssertAnalyzeRejects(string dir)
    {
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        string summary = Path.Combine(dir, RunPipeline.SummaryFileName);
        byte[] before = File.ReadAllBytes(summary);

        var r = CliRunner.Invoke("analyze", dir);

        Assert.True(r.ExitCode == 2, $"expected exit code 2, got {r.ExitCode}; stderr: {r.Stderr}");
        var lines = r.StderrLines;
        Assert.True(lines.Length == 1, $"expected one stderr line, got {lines.Length}: {r.Stderr}");
        Assert.StartsWith($"error: {log}: ", lines[0]);
        Assert.Equal(before, File.ReadAllBytes(summary));
        CliAssert.NoTempFiles(dir);
        return lines[0];
    }

    [Fact]
    public void TruncatedLogHalfTheFile()
    {
        string dir = TinyRun();
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        byte[] bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(log, bytes[..(bytes.Length / 2)]);

        string line = AssertAnalyzeRejects(dir);
        Assert.StartsWith($"error: {log}: file: ", line);
    }

    [Fact]
    public void CorruptLogPageHeaderOverwritten()
    {
        string dir = TinyRun();
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        byte[] bytes = File.ReadAllBytes(log);
        // The first data page header sits right after the leading "PAR1" magic.
        Array.Fill(bytes, (byte)0xAB, 4, 64);
        File.WriteAllBytes(log, bytes);

        string line = AssertAnalyzeRejects(dir);
        Assert.StartsWith($"error: {log}: file: ", line);
        Assert.Contains("corrupt", line);
    }

    [Fact]
    public void CorruptLogFooterOverwritten()
    {
        string dir = TinyRun();
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        byte[] bytes = File.ReadAllBytes(log);
        // The Thrift footer (file metadata) ends 8 bytes before the end (4-byte length + "PAR1").
        Array.Fill(bytes, (byte)0xAB, bytes.Length - 8 - 100, 64);
        File.WriteAllBytes(log, bytes);

        AssertAnalyzeRejects(dir);
    }

    [Fact]
    public void CorruptLogNotParquetAtAll()
    {
        string dir = TinyRun();
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        File.WriteAllText(log, "this is not a parquet file, just some text that is long enough");

        string line = AssertAnalyzeRejects(dir);
        Assert.StartsWith($"error: {log}: file: ", line);
    }

    /// <summary>
    /// Known gap (see the report): pages carry no CRC and the Zstd frames no content checksum, so bytes
    /// overwritten inside a page's payload decode as different, still-sorted `gate` / `time_ps` values; the reader
    /// accepts the file, `analyze` exits 0 and overwrites summary.json. Unskip once the log is checksummed.
    /// </summary>
    [Fact]
    public void CorruptLogDataValuesOverwrittenIsDetected()
    {
        string dir = TinyRun();
        string log = Path.Combine(dir, DetectionLogSchema.FileName);
        byte[] bytes = File.ReadAllBytes(log);
        Array.Fill(bytes, (byte)0xAB, bytes.Length / 2, 16);
        File.WriteAllBytes(log, bytes);

        AssertAnalyzeRejects(dir);
    }

    [Fact]
    public void DirectoryWithoutLog()
    {
        string dir = _tmp.Sub("empty");
        Directory.CreateDirectory(dir);
        string log = Path.Combine(dir, DetectionLogSchema.FileName);

        var r = CliRunner.Invoke("analyze", dir);

        Assert.Equal(2, r.ExitCode);
        var lines = r.StderrLines;
        Assert.Single(lines);
        Assert.StartsWith($"error: {log}: file: ", lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void NoLogRunDirectoryKeepsItsSummary()
    {
        string dir = _tmp.Sub("nolog");
        CliRunner.RunOk(dir, "--seed", "3", "--duration", "0.02", "--no-log");
        Assert.False(File.Exists(Path.Combine(dir, DetectionLogSchema.FileName)));

        AssertAnalyzeRejects(dir);
    }
}
