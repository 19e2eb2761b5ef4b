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
