using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Runs;

/// <summary>
/// Bytes one row of each kind's Parquet log takes on disk (file bytes / rows, footer and manifest included), measured by
/// `qkdnetsim bench` on the default scenarios (results/BENCHMARKS.md, "Parquet log" rows, column "log B/..."): 60 s of the
/// built-in seed-004 network (6.54 B/click), 20 s of the seed-002 four-user MDI network (9.78 B/coincidence) and 10^6
/// rounds of the seed-000 three-node CV network (30.65 B/row, row groups of 2^17 rows). Delta and dictionary encodings make the figure depend a
/// little on the click pattern; it is used for estimates only (<see cref="LogSizeEstimate"/>). Regenerate BENCHMARKS.md
/// and update these when a log's schema or encoding changes.
/// </summary>
public static class LogRowBytes
{
    /// <summary>detections.parquet: bytes per click row (access network).</summary>
    public const double AccessClick = 6.54;

    /// <summary>coincidences.parquet: bytes per two-fold coincidence (MDI network).</summary>
    public const double MdiCoincidence = 9.78;

    /// <summary>cv_samples.parquet: bytes per row (one round at one Bob; CV network).</summary>
    public const double CvRow = 30.65;
}

/// <summary>
/// The expected size of the log a run is about to write: <paramref name="Rows"/> from the kind's expected-count model
/// (the same physics the run simulates, <see cref="INetworkKind.EstimateLog"/>) times the measured
/// <paramref name="BytesPerRow"/> (<see cref="LogRowBytes"/>). <paramref name="RowName"/> names a row ("click",
/// "coincidence", "row"). `run` announces it before the work starts and warns when it reaches <see cref="WarnBytes"/>.
/// </summary>
public sealed record LogSizeEstimate(string FileName, double Rows, string RowName, double BytesPerRow)
{
    /// <summary>Default warning threshold: 1 GB (10^9 bytes), five times the default run's ~200 MB.</summary>
    public const double DefaultWarnBytes = 1e9;

    /// <summary>Environment variable that sets the warning threshold in bytes (e.g. 5e9; 0 warns for every logged run).</summary>
    public const string WarnVariable = "QKDNETSIM_LOG_WARN_BYTES";

    /// <summary>Expected bytes of the log.</summary>
    public double Bytes => Rows * BytesPerRow;

    /// <summary>The warning threshold in bytes: <see cref="WarnVariable"/> when set, else <see cref="DefaultWarnBytes"/>.</summary>
    public static double WarnBytes()
    {
        string? text = Environment.GetEnvironmentVariable(WarnVariable);
        if (string.IsNullOrWhiteSpace(text)) return DefaultWarnBytes;
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes) || !(bytes >= 0) || double.IsInfinity(bytes))
            throw new InputError("environment", WarnVariable, $"expected a number of bytes >= 0 (e.g. 1e9), got '{text}'");
        return bytes;
    }

    /// <summary>True when the log is expected to reach the warning threshold.</summary>
    public bool IsLarge(double warnBytes) => Bytes >= warnBytes;

    /// <summary>The announcement of a log that stays below the threshold, e.g. "log: runs/x/detections.parquet, about 201 MB expected (30.7 million clicks x 6.54 B/click)".</summary>
    public string Announcement(string outDir) =>
        $"log: {Path.Combine(outDir, FileName)}, about {FormatBytes(Bytes)} expected ({What})";

    /// <summary>The one-line warning of a large log, with the way out.</summary>
    public string Warning(string outDir) =>
        $"warning: this run will write about {FormatBytes(Bytes)} to {Path.Combine(outDir, FileName)} ({What}); " +
        "add --no-log to skip the log (summary.json and the results stay the same)";

    private string What => $"{FormatCount(Rows)} {RowName}s x {BytesPerRow.ToString("0.##", CultureInfo.InvariantCulture)} B/{RowName}";

    /// <summary>Decimal units, three significant digits: 201 MB, 1.10 GB, 111 GB.</summary>
    public static string FormatBytes(double bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        int u = 0;
        while (bytes >= 999.5 && u < units.Length - 1) { bytes /= 1000; u++; }
        string number = u == 0 ? bytes.ToString("0", CultureInfo.InvariantCulture)
            : bytes.ToString(bytes >= 99.95 ? "0" : bytes >= 9.995 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
        return $"{number} {units[u]}";
    }

    /// <summary>A count in words past a million: 512,000; 30.7 million; 17.0 billion.</summary>
    public static string FormatCount(double count)
    {
        if (count < 1e6) return Math.Round(count).ToString("N0", CultureInfo.InvariantCulture);
        (double scale, string name) = count >= 1e12 ? (1e12, "trillion") : count >= 1e9 ? (1e9, "billion") : (1e6, "million");
        return $"{(count / scale).ToString("0.0", CultureInfo.InvariantCulture)} {name}";
    }
}
