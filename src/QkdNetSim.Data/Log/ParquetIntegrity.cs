using System.Buffers.Binary;
using Parquet;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Integrity checks of a Parquet file that is user input, run before and beside Parquet.Net (which spins forever or
/// reads past a column chunk on some malformed files): the framing (magic and footer length), the Thrift structure of
/// the footer and of every page header, and row groups that lie inside the file. Every failure is an
/// <see cref="InputError"/> on field "file" naming the file.
/// </summary>
public static class ParquetIntegrity
{
    /// <summary>"PAR1": first and last four bytes of every Parquet file.</summary>
    private const uint ParquetMagicLittleEndian = 0x3152_4150;
    /// <summary>Trailer = 4-byte footer length + 4-byte magic; plus the 4-byte leading magic.</summary>
    private const int MinimumFileBytes = 12;

    /// <summary>
    /// Walks the Thrift page headers of every column chunk of row group <paramref name="group"/> (a few
    /// positional reads per column) so a corrupt header is reported instead of sending Parquet.Net's parser
    /// past the chunk. Each header must be well-formed and its page must end inside the chunk.
    /// </summary>
    public static void CheckPageHeaders(string path, ParquetReader parquet,
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
    /// <returns>The footer's length in bytes.</returns>
    public static long CheckFraming(string path, FileStream stream)
    {
        try
        {
            return CheckFramingUnguarded(path, stream);
        }
        catch (IOException ex)
        {
            throw new InputError(path, "file", $"cannot read ({OneLine(ex.Message)})", ex);
        }
    }

    private static long CheckFramingUnguarded(string path, FileStream stream)
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
        return footerBytes;
    }

    /// <summary>Checks row-group sizes fit in memory buffers and column chunks lie inside the file.</summary>
    public static void CheckRowGroups(string path, ParquetReader parquet, long fileBytes, long footerBytes)
    {
        var groups = parquet.Metadata?.RowGroups ?? [];
        // Data pages lie between the leading magic and the footer; a footer that lists no row group leaves no room for any.
        long dataBytes = fileBytes - MinimumFileBytes - footerBytes;
        if (groups.Count == 0 && dataBytes > 0)
            throw Corrupt(path, $"the footer lists no row groups but {dataBytes} bytes of data precede it");
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

    public static InputError Corrupt(string path, string detail, Exception? inner = null) =>
        new(path, "file", $"truncated or corrupt Parquet ({OneLine(detail)})", inner);

    /// <summary>
    /// InputError messages are printed as one line: line breaks become spaces and other control characters (a damaged
    /// column name read from the file) become '?'.
    /// </summary>
    public static string OneLine(string message) =>
        string.Create(message.Length, message, (span, m) =>
        {
            for (int i = 0; i < m.Length; i++) span[i] = m[i] is '\r' or '\n' ? ' ' : char.IsControl(m[i]) ? '?' : m[i];
        }).Trim();

    public static void DisposeQuietly(ParquetReader parquet)
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
