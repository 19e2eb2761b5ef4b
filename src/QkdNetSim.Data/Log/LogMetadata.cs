using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Log;

/// <summary>Footer key-value metadata every QkdNetSim log carries, whatever its schema.</summary>
public static class LogMetadata
{
    /// <summary>The run manifest (JSON): everything an analyzer needs besides the rows.</summary>
    public const string ManifestKey = "qkdnetsim.manifest";

    /// <summary>
    /// Order-sensitive hash of every field of every row, kept by the writer and recomputed by the reader. Parquet.Net 6.1
    /// writes no page CRCs and Zstd frames carry no content checksum, so without it bytes overwritten inside a data page
    /// can decode to plausible values unnoticed.
    /// </summary>
    public const string ContentHashKey = "qkdnetsim.content_hash";

    /// <summary>Footer value of the content hash: row count and 64-bit state.</summary>
    public static string FormatContentHash(long rows, ulong state) =>
        $"rows={rows.ToString(CultureInfo.InvariantCulture)};xmix64={state:x16}";

    /// <summary>Separator of the manifest's digest in the content-hash value ("rows=N;xmix64=H;manifest=D").</summary>
    public const string ManifestDigestPart = ";manifest=";

    /// <summary>
    /// 64-bit digest of the manifest JSON (FNV-1a over its UTF-8 bytes, then a SplitMix finaliser), stored in the content
    /// hash so a manifest altered after writing (a flipped byte in the footer's JSON) is detected, not analysed.
    /// </summary>
    public static string ManifestDigest(string manifestJson)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(manifestJson)) h = (h ^ b) * 0x100000001b3UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return (h ^ (h >> 31)).ToString("x16", CultureInfo.InvariantCulture);
    }

    /// <summary>Section of README.md that lists the columns and the manifest a log from another tool needs.</summary>
    public const string LabLogReadmeSection = "README: Analysing a lab's log";

    /// <summary>
    /// The manifest JSON of a log, or an InputError when its footer has none (a file not written by `run`, e.g. a lab's
    /// log) that says what to add: the footer key, the manifest's fields (<paramref name="requiredFields"/>, the kind's
    /// minimal list, when the caller gives one) and where README describes them.
    /// </summary>
    public static string RequireManifest(string? manifestJson, string path, string? requiredFields = null) =>
        manifestJson ?? throw new InputError(path, ManifestKey,
            "footer metadata has no run manifest; add footer key '" + ManifestKey + "' holding the run manifest JSON"
            + (requiredFields is null ? "" : $" ({requiredFields})") + $" ({LabLogReadmeSection})");
}
