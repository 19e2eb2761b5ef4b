namespace QkdNetSim.Data.Log;

/// <summary>
/// Bounded structural check of a Thrift compact-protocol struct (the encoding of Parquet's footer and page
/// headers) before Parquet.Net parses it; its reading primitives also serve <see cref="ParquetFileSplice"/>.
/// </summary>
/// <remarks>
/// Why: Parquet.Net 6.1 spins forever on some corrupt footers (a varint that runs past the end of its
/// buffer reads end-of-stream as 0xFF, whose continuation bit never ends the loop). A corrupt input log must
/// give an <see cref="QkdNetSim.Core.InputError"/>, not a hung analysis. This walker consumes at least one
/// byte per step, never reads outside its span and limits nesting, so it always terminates; a span that
/// passes is well-formed Thrift, which is what Parquet.Net's parser needs to terminate too.
/// </remarks>
internal static class ThriftCompactCheck
{
    private const int MaxNestingDepth = 32;

    /// <summary>Compact-protocol type codes (a field header's low nibble, a collection's element type).</summary>
    internal const byte TypeBoolTrue = 1, TypeBoolFalse = 2, TypeByte = 3, TypeI16 = 4, TypeI32 = 5, TypeI64 = 6,
        TypeDouble = 7, TypeBinary = 8, TypeList = 9, TypeSet = 10, TypeMap = 11, TypeStruct = 12, TypeUuid = 13;

    /// <summary>
    /// Walks one struct starting at <paramref name="data"/>[0]. Returns the bytes it occupies and the value of
    /// top-level i32 field <paramref name="captureFieldId"/> (or null if absent).
    /// </summary>
    /// <exception cref="InvalidDataException">Not a well-formed struct within <paramref name="data"/>.</exception>
    public static int WalkStruct(ReadOnlySpan<byte> data, short captureFieldId, out int? captured)
    {
        int pos = 0;
        captured = null;
        SkipStruct(data, ref pos, depth: 0, captureFieldId, ref captured);
        return pos;
    }

    private static void SkipStruct(ReadOnlySpan<byte> data, ref int pos, int depth, short captureFieldId, ref int? captured)
    {
        if (depth > MaxNestingDepth) throw new InvalidDataException($"Thrift nesting deeper than {MaxNestingDepth}");
        short fieldId = 0;
        while (ReadFieldHeader(data, ref pos, ref fieldId, out byte type))
        {
            if (depth == 0 && fieldId == captureFieldId && type == TypeI32 && captureFieldId != 0)
            {
                captured = (int)ZigZag(ReadVarint(data, ref pos, maxBytes: 5));
                continue;
            }
            // In a struct field the boolean value is the type nibble itself: no payload.
            if (type is TypeBoolTrue or TypeBoolFalse) continue;
            SkipValue(data, ref pos, type, depth);
        }
    }

    /// <summary>
    /// Reads the header of the next field of a struct: false at the struct's STOP byte; otherwise its type and its id
    /// (<paramref name="fieldId"/> holds the previous field's id on entry: short headers carry the difference).
    /// </summary>
    internal static bool ReadFieldHeader(ReadOnlySpan<byte> data, ref int pos, ref short fieldId, out byte type)
    {
        byte header = ReadByte(data, ref pos);
        type = (byte)(header & 0x0F);
        if (header == 0) return false; // STOP
        int delta = header >> 4;
        fieldId = delta != 0 ? (short)(fieldId + delta) : (short)ZigZag(ReadVarint(data, ref pos, maxBytes: 3));
        return true;
    }

    /// <summary>
    /// Skips the value of a struct field of type <paramref name="type"/> whose header was just read (a boolean field has
    /// no payload: its value is the type).
    /// </summary>
    internal static void SkipFieldValue(ReadOnlySpan<byte> data, ref int pos, byte type)
    {
        if (type is not (TypeBoolTrue or TypeBoolFalse)) SkipValue(data, ref pos, type, depth: 0);
    }

    /// <summary>Reads a list or set header: element count and element type.</summary>
    internal static (int Count, byte ElementType) ReadListHeader(ReadOnlySpan<byte> data, ref int pos)
    {
        byte header = ReadByte(data, ref pos);
        long count = header >> 4;
        if (count == 15) count = ReadVarint(data, ref pos, maxBytes: 5);
        CheckCount(count, data, pos);
        return ((int)count, (byte)(header & 0x0F));
    }

    /// <summary>Reads a zigzag varint i64 (the payload of an i64 field).</summary>
    internal static long ReadI64(ReadOnlySpan<byte> data, ref int pos) => ZigZag(ReadVarint(data, ref pos, maxBytes: 10));

    private static void SkipValue(ReadOnlySpan<byte> data, ref int pos, byte type, int depth)
    {
        int? unused = null;
        switch (type)
        {
            case TypeBoolTrue or TypeBoolFalse or TypeByte:
                Skip(data, ref pos, 1); // bool elements of lists/maps take one byte
                break;
            case TypeI16:
                ReadVarint(data, ref pos, maxBytes: 3);
                break;
            case TypeI32:
                ReadVarint(data, ref pos, maxBytes: 5);
                break;
            case TypeI64:
                ReadVarint(data, ref pos, maxBytes: 10);
                break;
            case TypeDouble:
                Skip(data, ref pos, 8);
                break;
            case TypeUuid:
                Skip(data, ref pos, 16);
                break;
            case TypeBinary:
                Skip(data, ref pos, Length(ReadVarint(data, ref pos, maxBytes: 5), data, pos));
                break;
            case TypeList or TypeSet:
            {
                var (count, elementType) = ReadListHeader(data, ref pos);
                for (int i = 0; i < count; i++) SkipElement(data, ref pos, elementType, depth);
                break;
            }
            case TypeMap:
            {
                long count = ReadVarint(data, ref pos, maxBytes: 5);
                if (count == 0) break;
                byte types = ReadByte(data, ref pos);
                CheckCount(count, data, pos);
                for (long i = 0; i < count; i++)
                {
                    SkipElement(data, ref pos, (byte)(types >> 4), depth);
                    SkipElement(data, ref pos, (byte)(types & 0x0F), depth);
                }
                break;
            }
            case TypeStruct:
                SkipStruct(data, ref pos, depth + 1, captureFieldId: 0, ref unused);
                break;
            default:
                throw new InvalidDataException($"unknown Thrift type {type} at byte {pos}");
        }
    }

    private static void SkipElement(ReadOnlySpan<byte> data, ref int pos, byte type, int depth) =>
        SkipValue(data, ref pos, type, depth + 1);

    private static void CheckCount(long count, ReadOnlySpan<byte> data, int pos)
    {
        // Every element occupies at least one byte.
        if (count > data.Length - pos)
            throw new InvalidDataException($"Thrift collection of {count} elements exceeds the remaining {data.Length - pos} bytes");
    }

    private static int Length(long value, ReadOnlySpan<byte> data, int pos)
    {
        if (value > data.Length - pos)
            throw new InvalidDataException($"Thrift binary of {value} bytes exceeds the remaining {data.Length - pos} bytes");
        return (int)value;
    }

    private static byte ReadByte(ReadOnlySpan<byte> data, ref int pos)
    {
        if (pos >= data.Length) throw new InvalidDataException("Thrift struct runs past its end");
        return data[pos++];
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int pos, int bytes)
    {
        if (bytes > data.Length - pos) throw new InvalidDataException("Thrift struct runs past its end");
        pos += bytes;
    }

    /// <summary>Unsigned LEB128 varint of at most <paramref name="maxBytes"/> bytes.</summary>
    private static long ReadVarint(ReadOnlySpan<byte> data, ref int pos, int maxBytes)
    {
        ulong value = 0;
        for (int i = 0; i < maxBytes; i++)
        {
            byte b = ReadByte(data, ref pos);
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) return (long)value;
        }
        throw new InvalidDataException($"Thrift varint longer than {maxBytes} bytes at byte {pos}");
    }

    private static long ZigZag(long v) => (long)((ulong)v >> 1) ^ -(v & 1);
}
