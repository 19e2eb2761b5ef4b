using System.Buffers.Binary;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// A time tagger's event stream, read one tag at a time (bounded memory): CSV (<c>.csv</c>: header <c>channel,time_ps</c>,
/// integer channel and integer picoseconds) or a binary dump (any other extension: <see cref="RecordBytes"/>-byte
/// little-endian records, int32 channel then int64 time in ps, no header). Tags must come in time order (non-decreasing),
/// as taggers write them; a tag earlier than the one before is an error naming its line (CSV) or record (binary).
/// </summary>
public sealed class TimeTagReader : IDisposable
{
    /// <summary>Bytes of one binary record: int32 channel + int64 time_ps.</summary>
    public const int RecordBytes = 12;

    public const string ChannelColumn = "channel";
    public const string TimeColumn = "time_ps";

    private readonly CsvRows? _csv;
    private readonly Stream? _binary;
    private readonly byte[] _record = new byte[RecordBytes];
    private long _previous = long.MinValue;

    private TimeTagReader(string path, CsvRows? csv, Stream? binary)
    {
        Path = path;
        _csv = csv;
        _binary = binary;
    }

    public static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static TimeTagReader Open(string path)
    {
        if (IsCsv(path)) return new TimeTagReader(path, CsvRows.Open(path, [ChannelColumn, TimeColumn]), null);
        if (Directory.Exists(path)) throw new InputError(path, "file", "is a directory, not a file");
        if (!File.Exists(path)) throw new InputError(path, "file", "not found");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (stream.Length % RecordBytes != 0)
        {
            long length = stream.Length, records = length / RecordBytes;
            stream.Dispose();
            throw new InputError(path, "record", $"record {records + 1} (byte {records * RecordBytes}): truncated; a binary tag file is {RecordBytes}-byte records (int32 channel, int64 time_ps, little-endian), its length {length} is not a multiple of {RecordBytes}");
        }
        return new TimeTagReader(path, null, stream);
    }

    public string Path { get; }

    /// <summary>1-based record number of the current tag (the line number for CSV).</summary>
    public long Position { get; private set; }

    public int Channel { get; private set; }
    public long TimePs { get; private set; }

    /// <summary>"line N" or "record N" of the current tag, for errors.</summary>
    public string Where => WhereOf(Position);

    /// <summary>"line N" or "record N" of the tag at <paramref name="position"/>.</summary>
    public string WhereOf(long position) => _csv is not null ? $"line {position}" : $"record {position}";

    /// <summary>The field name of the time in errors (the CSV column, or the binary record's field).</summary>
    public string TimeField => _csv is not null ? TimeColumn : "time_ps";

    /// <summary>Reads the next tag; false at the end.</summary>
    public bool Next()
    {
        if (_csv is not null)
        {
            if (!_csv.Next()) return false;
            Position = _csv.LineNumber;
            Channel = _csv.Int32(0, int.MinValue, int.MaxValue);
            TimePs = _csv.Int64(1, " (ps)");
        }
        else
        {
            int read = _binary!.ReadAtLeast(_record, RecordBytes, throwOnEndOfStream: false);
            if (read == 0) return false;
            Position++;
            if (read < RecordBytes) throw new InputError(Path, "record", $"record {Position}: truncated");
            Channel = BinaryPrimitives.ReadInt32LittleEndian(_record);
            TimePs = BinaryPrimitives.ReadInt64LittleEndian(_record.AsSpan(4));
        }
        if (TimePs < _previous)
            throw new InputError(Path, TimeField, $"{Where}: time {TimePs} ps is earlier than the tag before ({_previous} ps); tags must be in time order");
        _previous = TimePs;
        return true;
    }

    public void Dispose()
    {
        _csv?.Dispose();
        _binary?.Dispose();
    }

    /// <summary>Writes tags as a binary dump (the format <see cref="Open"/> reads).</summary>
    public static void WriteBinary(Stream to, IEnumerable<(int Channel, long TimePs)> tags)
    {
        Span<byte> b = stackalloc byte[RecordBytes];
        foreach (var (channel, time) in tags)
        {
            BinaryPrimitives.WriteInt32LittleEndian(b, channel);
            BinaryPrimitives.WriteInt64LittleEndian(b[4..], time);
            to.Write(b);
        }
    }
}
