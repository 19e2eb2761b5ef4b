using System.Buffers.Binary;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Reads a <c>detections.parquet</c> log back as <see cref="DetectionRecord"/>s, one row group at a time,
/// so analysing a session of any length needs memory for one row group only (44 bytes/row).
/// </summary>
/// <remarks>
/// <para>Every problem with the file (missing, not Parquet, truncated, corrupt, a required column missing or
/// of the wrong type, a value that does not fit its record field) is reported as one
/// <see cref="InputError"/> naming the file and column, never as a Parquet.Net exception: the log is user
/// input to the analysis commands and the CLI prints InputError as one line.</para>
/// <para>Columns are matched by name, so extra columns (e.g. added by another tool) are ignored and column
/// order does not matter. Optional (nullable) columns are accepted as long as they contain no nulls.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class DetectionLogReader : IDisposable
{
    /// <summary>"PAR1": first and last four bytes of every Parquet file.</summary>
    private const uint ParquetMagicLittleEndian = 0x3152_4150;
    /// <summary>Trailer = 4-byte footer length + 4-byte magic; plus the 4-byte leading magic.</summary>
    private const int MinimumFileBytes = 12;

    private readonly ParquetReader _parquet;
    private readonly DataField?[] _fileFields;
    /// <summary>Separate handle for positional page-header checks, so Parquet.Net's stream position is untouched.</summary>
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle;
    private byte[]? _headerWindow;
    private long[] _int64Scratch = [];
    private int[] _int32Scratch = [];
    private DetectionRecord[] _records = [];
    private bool _disposed;

    private DetectionLogReader(string path, ParquetReader parquet, DataField?[] fileFields,
        Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
        _parquet = parquet;
        _fileFields = fileFields;
        Metadata = new Dictionary<string, string>(parquet.CustomMetadata ?? [], StringComparer.Ordinal);
        RowCount = parquet.Metadata?.NumRows ?? 0;
        RowGroupCount = parquet.RowGroupCount;
    }

    /// <summary>Path as given to <see cref="Open"/>; used in error messages.</summary>
    public string Path { get; }

    /// <summary>File-level key-value metadata (the run manifest is under <see cref="DetectionLogSchema.ManifestKey"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Total rows in the file, from the footer.</summary>
    public long RowCount { get; }

    /// <summary>Row groups in the file; <see cref="ReadChunks"/> yields one chunk per non-empty row group.</summary>
    public int RowGroupCount { get; }

    /// <summary>
    /// Opens and validates a detection log: the Parquet framing, the footer and the presence and type of every
    /// required column. No row data is read yet.
    /// </summary>
    /// <exception cref="InputError">The file is missing, unreadable, not Parquet, truncated/corrupt, or lacks a column.</exception>
    public static DetectionLogReader Open(string path)
    {
        var (parquet, fields, handle) = ValidatedParquetFile.Open(path, MatchColumns);
        return new DetectionLogReader(path, parquet, fields, handle);
    }

    /// <summary>
    /// Streams the rows, one chunk per row group, in file order. Each chunk is a view of a buffer that the
    /// next iteration overwrites: copy what must outlive it. May be enumerated again to re-read the file.
    /// </summary>
    /// <exception cref="InputError">A data page is corrupt or a value does not fit its record field.</exception>
    public IEnumerable<ReadOnlyMemory<DetectionRecord>> ReadChunks()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var hash = DetectionContentHash.Create();
        for (int group = 0; group < RowGroupCount; group++)
        {
            int rows = ReadRowGroup(group);
            foreach (ref readonly var r in _records.AsSpan(0, rows)) hash.Add(in r);
            if (rows > 0) yield return _records.AsMemory(0, rows);
        }
        // Logs from other tools may carry no hash: then there is nothing to verify.
        if (Metadata.TryGetValue(DetectionContentHash.MetadataKey, out string? expected) && expected != hash.ToMetadataValue())
            throw new InputError(Path, "content", $"rows differ from what was written (footer {DetectionContentHash.MetadataKey} {expected}, read {hash.ToMetadataValue()}): the file was altered or corrupted");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeQuietly(_parquet);
        _handle.Dispose();
        _int64Scratch = [];
        _int32Scratch = [];
        _records = [];
    }

    /// <summary>Reads row group <paramref name="group"/> into <see cref="_records"/>; returns its row count.</summary>
    private int ReadRowGroup(int group)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ParquetRowGroupReader rowGroup;
        try
        {
            rowGroup = _parquet.OpenRowGroupReader(group);
        }
        catch (Exception ex)
        {
            throw Corrupt(Path, $"row group {group}: {OneLine(ex.Message)}", ex);
        }
        int rows = (int)rowGroup.RowCount; // range checked in CheckRowGroups
        if (_records.Length < rows)
        {
            _records = new DetectionRecord[rows];
            _int64Scratch = new long[rows];
            _int32Scratch = new int[rows];
        }
        CheckPageHeaders(Path, _parquet, _handle, ref _headerWindow, group);
        var records = _records.AsSpan(0, rows);
        long firstRow = RowIndexOfGroup(group);

        for (int column = 0; column < _fileFields.Length; column++)
        {
            var field = _fileFields[column];
            if (field == null)
            {
                FillMissingTruth(DetectionLogSchema.Schema.DataFields[column].Name, records);
                continue;
            }
            try
            {
                if (column < DetectionLogSchema.Int64Fields.Count)
                    ReadColumn(rowGroup, field, _int64Scratch.AsMemory(0, rows));
                else
                    ReadColumn(rowGroup, field, _int32Scratch.AsMemory(0, rows));
            }
            catch (InputError)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw Corrupt(Path, $"row group {group}, column '{field.Name}': {OneLine(ex.Message)}", ex);
            }
            Scatter(column, records, firstRow);
        }
        return rows;
    }

    /// <summary>Ground truth absent from the file: cause Unknown, photon number -1.</summary>
    private static void FillMissingTruth(string column, Span<DetectionRecord> records)
    {
        if (column == DetectionLogSchema.TruthCause)
            foreach (ref var r in records) r.TruthCause = DetectionCause.Unknown;
        else
            foreach (ref var r in records) r.TruthPhotons = -1;
    }

    /// <summary>Reads one column chunk; nullable columns go through a nullable buffer and must hold no nulls.</summary>
    private void ReadColumn<T>(ParquetRowGroupReader rowGroup, DataField field, Memory<T> destination)
        where T : struct
    {
        if (!field.IsNullable)
        {
            SyncOverAsync.Run(() => rowGroup.ReadAsync(field, destination).AsTask());
            return;
        }
        var nullable = new T?[destination.Length];
        SyncOverAsync.Run(() => rowGroup.ReadAsync(field, nullable.AsMemory()).AsTask());
        var span = destination.Span;
        for (int i = 0; i < nullable.Length; i++)
        {
            if (nullable[i] is not { } value)
                throw new InputError(Path, field.Name, $"null value in row group row {i}; every row needs a value");
            span[i] = value;
        }
    }

    /// <summary>Copies the scratch column into the records' field, checking the value fits the field's type.</summary>
    private void Scatter(int column, Span<DetectionRecord> records, long firstRow)
    {
        var longs = _int64Scratch.AsSpan(0, records.Length);
        var ints = _int32Scratch.AsSpan(0, records.Length);
        switch (column)
        {
            case 0:
                for (int i = 0; i < records.Length; i++) records[i].Gate = longs[i];
                break;
            case 1:
                for (int i = 0; i < records.Length; i++) records[i].TimePs = longs[i];
                break;
            case 2:
                for (int i = 0; i < records.Length; i++)
                    records[i].Detector = (byte)Checked(ints[i], byte.MinValue, byte.MaxValue, column, firstRow + i);
                break;
            case 3:
                for (int i = 0; i < records.Length; i++)
                    records[i].TimeBin = (short)Checked(ints[i], short.MinValue, short.MaxValue, column, firstRow + i);
                break;
            case 4:
                for (int i = 0; i < records.Length; i++)
                    records[i].User = (short)Checked(ints[i], short.MinValue, short.MaxValue, column, firstRow + i);
                break;
            case 5:
                for (int i = 0; i < records.Length; i++)
                    records[i].BobBasis = (byte)Checked(ints[i], byte.MinValue, byte.MaxValue, column, firstRow + i);
                break;
            case 6:
                for (int i = 0; i < records.Length; i++)
                    records[i].AliceBasis = (sbyte)Checked(ints[i], sbyte.MinValue, sbyte.MaxValue, column, firstRow + i);
                break;
            case 7:
                for (int i = 0; i < records.Length; i++)
                    records[i].AliceBit = (sbyte)Checked(ints[i], sbyte.MinValue, sbyte.MaxValue, column, firstRow + i);
                break;
            case 8:
                for (int i = 0; i < records.Length; i++)
                    records[i].Intensity = (sbyte)Checked(ints[i], sbyte.MinValue, sbyte.MaxValue, column, firstRow + i);
                break;
            case 9:
                for (int i = 0; i < records.Length; i++)
                    records[i].TruthCause = (DetectionCause)Checked(ints[i], 0, MaxDetectionCause, column, firstRow + i);
                break;
            case 10:
                for (int i = 0; i < records.Length; i++)
                    records[i].TruthPhotons = (short)Checked(ints[i], short.MinValue, short.MaxValue, column, firstRow + i);
                break;
            default:
                throw new InvalidOperationException($"no record field for column {column}");
        }
    }

    /// <summary>Largest defined <see cref="DetectionCause"/> value; the enum is dense from 0.</summary>
    private static readonly int MaxDetectionCause = Enum.GetValues<DetectionCause>().Max(c => (int)c);

    private int Checked(int value, int min, int max, int column, long row)
    {
        if (value < min || value > max)
            throw new InputError(Path, _fileFields[column]!.Name, $"value {value} at row {row} outside [{min}, {max}]");
        return value;
    }

    private long RowIndexOfGroup(int group)
    {
        long row = 0;
        var groups = _parquet.Metadata!.RowGroups;
        for (int g = 0; g < group; g++) row += groups[g].NumRows;
        return row;
    }

    /// <summary>
    /// Walks the Thrift page headers of every column chunk of row group <paramref name="group"/> (a few
    /// positional reads per column) so a corrupt header is reported instead of sending Parquet.Net's parser
    /// past the chunk. Each header must be well-formed and its page must end inside the chunk.
    /// Shared with <see cref="CoincidenceLogReader"/>.
    /// </summary>
    internal static void CheckPageHeaders(string path, ParquetReader parquet,
        Microsoft.Win32.SafeHandles.SafeFileHandle handle, ref byte[]? headerWindow, int group)
    {
        const int HeaderWindowBytes = 1 << 16;
        const short CompressedPageSizeFieldId = 3; // PageHeader.compressed_page_size
        headerWindow ??= new byte[HeaderWindowBytes];
        foreach (var chunk in parquet.Metadata!.RowGroups[group].Columns)
        {
            var meta = chunk.MetaData!;
            string column = string.Join('.', meta.PathInSchema);
            long position = ChunkStart(meta);
            long end = position + meta.TotalCompressedSize;
            while (position < end)
            {
                int window = (int)Math.Min(end - position, HeaderWindowBytes);
                var bytes = headerWindow.AsSpan(0, window);
                if (RandomAccess.Read(handle, bytes, position) != window)
                    throw Corrupt(path, $"row group {group}, column '{column}': file shorter than its index says");
                int headerBytes;
                int? pageBytes;
                try
                {
                    headerBytes = ThriftCompactCheck.WalkStruct(bytes, CompressedPageSizeFieldId, out pageBytes);
                }
                catch (InvalidDataException ex)
                {
                    throw Corrupt(path, $"row group {group}, column '{column}': malformed page header at byte {position}: {ex.Message}", ex);
                }
                if (pageBytes is not { } size || size < 0 || size > end - position - headerBytes)
                    throw Corrupt(path, $"row group {group}, column '{column}': page at byte {position} runs past its column chunk");
                position += headerBytes + size;
            }
        }
    }

    private static long ChunkStart(Parquet.Meta.ColumnMetaData meta) =>
        meta.DictionaryPageOffset is long dictionary && dictionary > 0
            ? Math.Min(dictionary, meta.DataPageOffset)
            : meta.DataPageOffset;

    /// <summary>
    /// Checks the leading and trailing "PAR1" magic and the footer length before Parquet.Net parses anything,
    /// which turns the common failures (wrong file, copy cut short, run killed mid-write) into precise messages.
    /// </summary>
    internal static void CheckFraming(string path, FileStream stream)
    {
        try
        {
            CheckFramingUnguarded(path, stream);
        }
        catch (IOException ex)
        {
            throw new InputError(path, "file", $"cannot read ({OneLine(ex.Message)})", ex);
        }
    }

    private static void CheckFramingUnguarded(string path, FileStream stream)
    {
        long length = stream.Length;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        if (length < 4)
            throw new InputError(path, "file", $"not a Parquet file ({length} bytes, too short)");
        stream.ReadExactly(head);
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != ParquetMagicLittleEndian)
            throw new InputError(path, "file", "not a Parquet file (no PAR1 magic at start)");
        if (length < MinimumFileBytes)
            throw Corrupt(path, $"only {length} bytes, no footer");
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) != ParquetMagicLittleEndian)
            throw Corrupt(path, "no PAR1 magic at end; file cut short or still being written");
        long footerBytes = BinaryPrimitives.ReadUInt32LittleEndian(tail[..4]);
        if (footerBytes > length - MinimumFileBytes)
            throw Corrupt(path, $"footer length {footerBytes} exceeds file size {length}");
        var footer = new byte[footerBytes];
        stream.Seek(-8 - footerBytes, SeekOrigin.End);
        stream.ReadExactly(footer);
        try
        {
            ThriftCompactCheck.WalkStruct(footer, captureFieldId: 0, out _);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(path, $"malformed footer: {ex.Message}", ex);
        }
        stream.Seek(0, SeekOrigin.Begin);
    }

    /// <summary>
    /// Finds every column by name and checks it is a flat column of the contract's type. The observable columns are
    /// required; the truth_* columns are optional (a lab log has no ground truth): a missing one is null here.
    /// </summary>
    private static DataField?[] MatchColumns(string path, ParquetSchema schema)
    {
        var byName = new Dictionary<string, DataField>(StringComparer.Ordinal);
        foreach (var field in schema.DataFields) byName.TryAdd(field.Path.ToString(), field);

        var required = DetectionLogSchema.Schema.DataFields;
        var matched = new DataField?[required.Length];
        for (int i = 0; i < required.Length; i++)
        {
            var want = required[i];
            if (!byName.TryGetValue(want.Name, out var have))
            {
                if (want.Name.StartsWith("truth_", StringComparison.Ordinal)) continue;
                throw new InputError(path, want.Name, "required column missing");
            }
            string wantType = want.ClrType == typeof(long) ? "int64" : "int32";
            if (have.IsArray || have.MaxRepetitionLevel > 0)
                throw new InputError(path, want.Name, $"must be a flat {wantType} column, found a repeated column");
            if (have.ClrType != want.ClrType)
                throw new InputError(path, want.Name, $"must be an {wantType} column, found {have.ClrType.Name}");
            matched[i] = have;
        }
        return matched;
    }

    /// <summary>Checks row-group sizes fit in memory buffers and column chunks lie inside the file.</summary>
    internal static void CheckRowGroups(string path, ParquetReader parquet, long fileBytes)
    {
        var groups = parquet.Metadata?.RowGroups ?? [];
        for (int g = 0; g < groups.Count; g++)
        {
            long rows = groups[g].NumRows;
            if (rows < 0 || rows > Array.MaxLength / 32)
                throw Corrupt(path, $"row group {g} claims {rows} rows");
            foreach (var chunk in groups[g].Columns)
            {
                var meta = chunk.MetaData;
                if (meta is null || meta.PathInSchema is null)
                    throw Corrupt(path, $"row group {g} has a column chunk without metadata");
                long start = ChunkStart(meta);
                if (start < 4 || meta.TotalCompressedSize < 0 || start + meta.TotalCompressedSize > fileBytes)
                    throw Corrupt(path, $"row group {g}, column '{string.Join('.', meta.PathInSchema)}' lies outside the file");
            }
        }
    }

    internal static InputError Corrupt(string path, string detail, Exception? inner = null) =>
        new(path, "file", $"truncated or corrupt Parquet ({detail})", inner);

    /// <summary>InputError messages are printed as one line.</summary>
    internal static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();

    internal static void DisposeQuietly(ParquetReader parquet)
    {
        try
        {
            SyncOverAsync.Run(() => parquet.DisposeAsync().AsTask());
        }
        catch (Exception)
        {
            // Nothing useful to report when releasing a reader.
        }
    }
}
