using System.Text;
using QkdNetSim.Data.Log;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// The content hash covers the manifest (issue 10, class 8): a manifest altered after the log was written (one digit of
/// the footer's JSON changed, so the file still parses) is rejected, not analysed with the wrong settings.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ManifestDigestTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void AManifestChangedAfterWritingIsRejected()
    {
        string dir = _tmp.Sub("run");
        var r = CliRunner.Invoke("run", "--out", dir, "--quiet", "--duration", "0.002");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string log = Path.Combine(dir, "detections.parquet");
        byte[] bytes = File.ReadAllBytes(log);
        // The manifest's gate rate, 1 GHz, becomes 2 GHz: same length, so the footer still parses.
        byte[] from = Encoding.UTF8.GetBytes("\"gateRateHz\":1000000000"), to = Encoding.UTF8.GetBytes("\"gateRateHz\":2000000000");
        int at = bytes.AsSpan().IndexOf(from);
        Assert.True(at > 0, "manifest gate rate not found in the footer");
        to.CopyTo(bytes, at);
        File.WriteAllBytes(log, bytes);

        var a = CliRunner.Invoke("analyze", dir);
        Assert.Equal(2, a.ExitCode);
        Assert.Single(a.StderrLines);
        Assert.StartsWith($"error: {log}: {LogMetadata.ManifestKey}: manifest differs from what was written", a.StderrLines[0]);
    }

    [Fact]
    public void TheDigestIsStableAndSensitiveToEveryByte()
    {
        string json = "{\"gateRateHz\":1000000000,\"timeBins\":8}";
        Assert.Equal(LogMetadata.ManifestDigest(json), LogMetadata.ManifestDigest(new string(json.AsSpan())));
        Assert.Matches("^[0-9a-f]{16}$", LogMetadata.ManifestDigest(json));
        for (int i = 0; i < json.Length; i++)
        {
            var changed = json.ToCharArray();
            changed[i] = (char)(changed[i] ^ 1);
            Assert.NotEqual(LogMetadata.ManifestDigest(json), LogMetadata.ManifestDigest(new string(changed)));
        }
    }
}
