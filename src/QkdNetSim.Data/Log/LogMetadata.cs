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

    /// <summary>The manifest JSON of a log, or an InputError when its footer has none (a file not written by `run`).</summary>
    public static string RequireManifest(string? manifestJson, string path) =>
        manifestJson ?? throw new InputError(path, ManifestKey, "footer metadata has no run manifest (not written by qkdnetsim run?)");
}
