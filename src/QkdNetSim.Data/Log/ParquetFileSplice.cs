using System.Buffers;
using System.Buffers.Binary;
using static QkdNetSim.Data.Log.ThriftCompactCheck;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Assembles a Parquet file from row groups that Parquet.Net encoded one per scratch file (on any thread, in any order),
/// byte for byte the file one Parquet.Net writer produces when it writes the same row groups in order.
/// </summary>
/// <remarks>
/// <para>Layout (apache/parquet-format, "File Format"): "PAR1", the column chunks of every row group in order, the footer
/// (a Thrift compact-protocol FileMetaData), the footer's length (int32, little-endian) and "PAR1". A column chunk's pages
/// do not depend on where they lie; the only position-dependent bytes are the file offsets in the footer's row-group
/// entries. So a row group encoded alone into a scratch file (its pages start at byte 4) moves to byte P of the final
/// file by copying its pages unchanged and rewriting its footer entry (a RowGroup struct) with every offset increased by
/// P - 4. The final footer is the footer Parquet.Net writes for the same schema, options and metadata with no row
/// group, with num_rows and the row_groups list spliced in: Thrift compact field headers hold field-id differences, not
/// positions, so the fields around them are unchanged.</para>
/// <para>Field ids are parquet.thrift's (apache/parquet-format). Every field that is not an offset is copied verbatim,
/// whatever it is; the writer's tests compare the assembled bytes with Parquet.Net's own writer's.</para>
/// </remarks>
internal static class ParquetFileSplice
{
    /// <summary>"PAR1" at both ends of a Parquet file.</summary>
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>Bytes after the footer: its length (int32) and the magic.</summary>
    private const int TailLength = 8;

    // FileMetaData: 3 num_rows (i64), 4 row_groups (list<RowGroup>).
    private const short FileNumRows = 3, FileRowGroups = 4;

    // RowGroup: 1 columns (list<ColumnChunk>), 5 file_offset (i64).
    private const short GroupColumns = 1, GroupFileOffset = 5;

    // ColumnChunk: 2 file_offset, 3 meta_data (ColumnMetaData), 4 offset_index_offset, 6 column_index_offset.
    private const short ChunkFileOffset = 2, ChunkMetaData = 3, ChunkOffsetIndexOffset = 4, ChunkColumnIndexOffset = 6;

    // ColumnMetaData: 9 data_page_offset, 10 index_page_offset, 11 dictionary_page_offset, 14 bloom_filter_offset.
    private const short MetaDataPageOffset = 9, MetaIndexPageOffset = 10, MetaDictionaryPageOffset = 11, MetaBloomFilterOffset = 14;

    private enum Struct
    {
        RowGroup,
        ColumnChunk,
        ColumnMetaData,
    }

    /// <summary>Bytes before the first row group: the leading magic.</summary>
    public static int HeaderLength => Magic.Length;

    /// <summary>The leading magic, the first bytes of every file.</summary>
    public static void WriteHeader(Stream to) => to.Write(Magic);

    /// <summary>
    /// Where the one row group of a scratch file lies: its column chunks [<see cref="HeaderLength"/>, DataEnd) and its
    /// footer entry (the RowGroup struct) [EntryStart, EntryEnd).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a Parquet file with exactly one row group.</exception>
    public static (int DataEnd, int EntryStart, int EntryEnd) LocateSingleRowGroup(ReadOnlySpan<byte> file)
    {
        int footerStart = FooterStart(file);
        var footer = file[footerStart..^TailLength];
        int pos = 0;
        short fieldId = 0;
        while (ReadFieldHeader(footer, ref pos, ref fieldId, out byte type))
        {
            if (fieldId == FileRowGroups && type == TypeList)
            {
                var (count, elementType) = ReadListHeader(footer, ref pos);
                if (count != 1 || elementType != TypeStruct)
                    throw new InvalidDataException($"scratch row-group file holds {count} row groups, expected 1");
                int start = pos;
                SkipFieldValue(footer, ref pos, TypeStruct);
                return (footerStart, footerStart + start, footerStart + pos);
            }
            SkipFieldValue(footer, ref pos, type);
        }
        throw new InvalidDataException("scratch row-group file has no row_groups field");
    }

    /// <summary>
    /// Appends the footer entry of a row group (a RowGroup struct from <see cref="LocateSingleRowGroup"/>) with every file
    /// offset in it increased by <paramref name="shift"/>.
    /// </summary>
    public static void AppendShiftedEntry(ReadOnlySpan<byte> entry, long shift, IBufferWriter<byte> to)
    {
        int pos = 0;
        CopyStruct(entry, ref pos, Struct.RowGroup, shift, to);
        if (pos != entry.Length) throw new InvalidDataException("row-group entry has trailing bytes");
    }

    /// <summary>
    /// Writes the footer and tail of the final file: <paramref name="emptyFile"/> is the file Parquet.Net writes for the
    /// log's schema, options and metadata with no row group; <paramref name="entries"/> are the
    /// <paramref name="rowGroups"/> shifted entries in file order (<see cref="AppendShiftedEntry"/>).
    /// </summary>
    public static void WriteFooter(ReadOnlySpan<byte> emptyFile, long numRows, int rowGroups, ReadOnlySpan<byte> entries, Stream to)
    {
        var template = emptyFile[FooterStart(emptyFile)..^TailLength];
        var footer = new ArrayBufferWriter<byte>(template.Length + entries.Length + 16);
        int pos = 0;
        short fieldId = 0;
        while (true)
        {
            int start = pos;
            if (!ReadFieldHeader(template, ref pos, ref fieldId, out byte type))
            {
                footer.Write(template[start..pos]); // STOP
                break;
            }
            if (fieldId == FileNumRows && type == TypeI64)
            {
                footer.Write(template[start..pos]);
                _ = ReadI64(template, ref pos);
                WriteI64(footer, numRows);
            }
            else if (fieldId == FileRowGroups && type == TypeList)
            {
                footer.Write(template[start..pos]);
                var (count, elementType) = ReadListHeader(template, ref pos);
                if (count != 0 || elementType != TypeStruct) throw new InvalidDataException("footer template holds row groups");
                WriteListHeader(footer, rowGroups, TypeStruct);
                footer.Write(entries);
            }
            else
            {
                SkipFieldValue(template, ref pos, type);
                footer.Write(template[start..pos]);
            }
        }
        if (pos != template.Length) throw new InvalidDataException("footer template has trailing bytes");
        to.Write(footer.WrittenSpan);
        Span<byte> tail = stackalloc byte[TailLength];
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.WrittenCount);
        Magic.CopyTo(tail[4..]);
        to.Write(tail);
    }

    private static int FooterStart(ReadOnlySpan<byte> file)
    {
        if (file.Length < Magic.Length + TailLength || !file[..Magic.Length].SequenceEqual(Magic) || !file[^Magic.Length..].SequenceEqual(Magic))
            throw new InvalidDataException("not a Parquet file");
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(file[^TailLength..]);
        if (footerLength < 0 || footerLength > file.Length - Magic.Length - TailLength)
            throw new InvalidDataException($"footer length {footerLength} outside the file");
        return file.Length - TailLength - footerLength;
    }

    private static bool IsOffset(Struct kind, short fieldId) => kind switch
    {
        Struct.RowGroup => fieldId == GroupFileOffset,
        Struct.ColumnChunk => fieldId is ChunkFileOffset or ChunkOffsetIndexOffset or ChunkColumnIndexOffset,
        _ => fieldId is MetaDataPageOffset or MetaIndexPageOffset or MetaDictionaryPageOffset or MetaBloomFilterOffset,
    };

    /// <summary>Copies one struct, shifting its offsets and descending into the structs that hold more.</summary>
    private static void CopyStruct(ReadOnlySpan<byte> src, ref int pos, Struct kind, long shift, IBufferWriter<byte> to)
    {
        short fieldId = 0;
        while (true)
        {
            int start = pos;
            if (!ReadFieldHeader(src, ref pos, ref fieldId, out byte type))
            {
                to.Write(src[start..pos]); // STOP
                return;
            }
            if (type == TypeI64 && IsOffset(kind, fieldId))
            {
                to.Write(src[start..pos]);
                WriteI64(to, ReadI64(src, ref pos) + shift);
            }
            else if (kind == Struct.RowGroup && fieldId == GroupColumns && type == TypeList)
            {
                var (count, elementType) = ReadListHeader(src, ref pos);
                to.Write(src[start..pos]);
                if (elementType != TypeStruct) throw new InvalidDataException("row-group columns are not structs");
                for (int i = 0; i < count; i++) CopyStruct(src, ref pos, Struct.ColumnChunk, shift, to);
            }
            else if (kind == Struct.ColumnChunk && fieldId == ChunkMetaData && type == TypeStruct)
            {
                to.Write(src[start..pos]);
                CopyStruct(src, ref pos, Struct.ColumnMetaData, shift, to);
            }
            else
            {
                SkipFieldValue(src, ref pos, type);
                to.Write(src[start..pos]);
            }
        }
    }

    /// <summary>A list header as Thrift's compact protocol writes it: the count in the high nibble below 15, else a varint.</summary>
    private static void WriteListHeader(IBufferWriter<byte> to, int count, byte elementType)
    {
        if (count < 15)
        {
            WriteByte(to, (byte)(count << 4 | elementType));
            return;
        }
        WriteByte(to, (byte)(0xF0 | elementType));
        WriteVarint(to, (uint)count);
    }

    /// <summary>An i64 payload: zigzag, then unsigned LEB128.</summary>
    private static void WriteI64(IBufferWriter<byte> to, long value) => WriteVarint(to, (ulong)(value << 1) ^ (ulong)(value >> 63));

    private static void WriteVarint(IBufferWriter<byte> to, ulong value)
    {
        var span = to.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        to.Advance(n);
    }

    private static void WriteByte(IBufferWriter<byte> to, byte value)
    {
        to.GetSpan(1)[0] = value;
        to.Advance(1);
    }
}
