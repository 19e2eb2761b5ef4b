using System.Runtime.InteropServices;
using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Data.Log;

namespace QkdNetSim.Data.Frames;

/// <summary>
/// Any Parquet file QkdNetSim writes (a run's log of any kind, an experiment's results table) as a
/// <see cref="DataFrame"/>, the way a notebook user expects: one call, a column selection and a row-group range, so a
/// slice of a 12-hour log (~1e10 rows) loads without the rest. No engine is needed in the process: the file's own
/// schema says what each column is.
/// </summary>
/// <remarks>
/// The file is checked like every log (<see cref="ParquetIntegrity"/>: framing, footer, page headers, row groups inside
/// the file); every problem is one <see cref="InputError"/>. The per-kind content hash covers whole files and is
/// verified by the kinds' readers (`qkdnetsim analyze`), not here. INT32, INT64, FLOAT and DOUBLE columns load as
/// primitive columns (nulls kept), BOOLEAN as boolean, BYTE_ARRAY strings as string columns.
/// </remarks>
public static class ParquetFrame
{
    /// <summary>Most rows one call loads (a bound on memory: about 1 GiB per INT64 column); ask for a row-group range beyond it.</summary>
    public const long DefaultMaxRows = 1L << 27;

    /// <param name="path">A .parquet file.</param>
    /// <param name="columns">Column names to load, in this order; null loads every column in file order.</param>
    /// <param name="firstRowGroup">First row group to load (0-based).</param>
    /// <param name="rowGroupCount">Row groups to load from <paramref name="firstRowGroup"/>; null loads to the end.</param>
    /// <param name="maxRows">Refuse (InputError) to load more rows than this.</param>
    public static DataFrame Load(string path, IReadOnlyList<string>? columns = null, int firstRowGroup = 0, int? rowGroupCount = null,
        long maxRows = DefaultMaxRows)
    {
        var (parquet, fields, handle) = ValidatedParquetFile.Open(path, (p, schema) => Select(p, schema, columns));
        using var _ = handle;
        try
        {
            int groups = parquet.RowGroupCount;
            if (firstRowGroup < 0 || firstRowGroup > groups)
                throw new InputError(path, "rowGroups", $"first row group {firstRowGroup} outside [0, {groups}]");
            int count = rowGroupCount ?? groups - firstRowGroup;
            if (count < 0 || firstRowGroup + count > groups)
                throw new InputError(path, "rowGroups", $"{count} row groups from {firstRowGroup} exceed the file's {groups}");
            long rows = 0;
            for (int g = firstRowGroup; g < firstRowGroup + count; g++) rows += parquet.Metadata!.RowGroups[g].NumRows;
            if (rows > maxRows || rows > int.MaxValue)
                throw new InputError(path, "rowGroups",
                    $"{rows} rows selected, more than the limit of {Math.Min(maxRows, int.MaxValue)}: load a row-group range (the file has {groups} row groups)");
            var builders = fields.Select(f => ColumnBuilder.For(f, (int)rows, path)).ToArray();
            byte[]? window = null;
            for (int g = firstRowGroup; g < firstRowGroup + count; g++)
            {
                ParquetIntegrity.CheckPageHeaders(path, parquet, handle, ref window, g);
                ParquetRowGroupReader rowGroup;
                try
                {
                    rowGroup = parquet.OpenRowGroupReader(g);
                }
                catch (Exception ex)
                {
                    throw ParquetIntegrity.Corrupt(path, $"row group {g}: {ParquetIntegrity.OneLine(ex.Message)}", ex);
                }
                using (rowGroup)
                {
                    foreach (var b in builders)
                    {
                        try
                        {
                            b.Read(rowGroup);
                        }
                        catch (Exception ex) when (ex is not InputError)
                        {
                            throw ParquetIntegrity.Corrupt(path, $"row group {g}, column '{b.Field.Name}': {ParquetIntegrity.OneLine(ex.Message)}", ex);
                        }
                    }
                }
            }
            return new DataFrame(builders.Select(b => b.Build()));
        }
        finally
        {
            ParquetIntegrity.DisposeQuietly(parquet);
        }
    }

    /// <summary>The row groups of a Parquet file and their row counts (to choose a range for <see cref="Load"/>).</summary>
    public static IReadOnlyList<long> RowGroups(string path)
    {
        var (parquet, _, handle) = ValidatedParquetFile.Open(path, (_, _) => 0);
        using var __ = handle;
        try
        {
            return parquet.Metadata!.RowGroups.Select(g => g.NumRows).ToArray();
        }
        finally
        {
            ParquetIntegrity.DisposeQuietly(parquet);
        }
    }

    private static DataField[] Select(string path, ParquetSchema schema, IReadOnlyList<string>? columns)
    {
        var flat = schema.DataFields.Where(f => !f.IsArray && f.MaxRepetitionLevel == 0).ToArray();
        if (columns is null) return flat;
        var byName = flat.ToDictionary(f => f.Path.ToString(), StringComparer.Ordinal);
        return columns.Select(c => byName.TryGetValue(c, out var f) ? f
            : throw new InputError(path, c, $"no such column (the file has: {string.Join(", ", byName.Keys)})")).ToArray();
    }

    /// <summary>Accumulates one column over the selected row groups.</summary>
    private abstract class ColumnBuilder(DataField field)
    {
        public DataField Field { get; } = field;

        public abstract void Read(ParquetRowGroupReader rowGroup);

        public abstract DataFrameColumn Build();

        public static ColumnBuilder For(DataField field, int rows, string path)
        {
            var type = field.ClrType;
            if (type == typeof(int)) return new Primitive<int>(field, rows);
            if (type == typeof(long)) return new Primitive<long>(field, rows);
            if (type == typeof(double)) return new Primitive<double>(field, rows);
            if (type == typeof(float)) return new Primitive<float>(field, rows);
            if (type == typeof(bool)) return new Booleans(field);
            if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>)) return new Strings(field); // Parquet.Net 6 reports UTF-8 strings as ReadOnlyMemory<char>
            throw new InputError(path, field.Name, $"column type {type.Name} is not supported");
        }
    }

    /// <summary>A numeric column: values copied into one buffer, nulls into an Arrow-style validity bitmap.</summary>
    private sealed class Primitive<T>(DataField field, int rows) : ColumnBuilder(field) where T : unmanaged
    {
        private readonly T[] _values = new T[rows];
        private readonly byte[] _valid = Enumerable.Repeat((byte)0xFF, (rows + 7) / 8).ToArray();
        private int _filled, _nulls;

        public override void Read(ParquetRowGroupReader rowGroup)
        {
            int n = (int)rowGroup.RowCount;
            if (!Field.IsNullable)
            {
                SyncOverAsync.Run(() => rowGroup.ReadAsync(Field, _values.AsMemory(_filled, n)).AsTask());
            }
            else
            {
                var nullable = new T?[n];
                SyncOverAsync.Run(() => rowGroup.ReadAsync(Field, nullable.AsMemory()).AsTask());
                for (int i = 0; i < n; i++)
                {
                    if (nullable[i] is T v) _values[_filled + i] = v;
                    else
                    {
                        int row = _filled + i;
                        _valid[row >> 3] &= (byte)~(1 << (row & 7));
                        _nulls++;
                    }
                }
            }
            _filled += n;
        }

        public override DataFrameColumn Build()
        {
            // Clear the padding bits past the last row (Arrow: they must be ignored; zero them for a clean bitmap).
            for (int row = _filled; row < _valid.Length * 8; row++) _valid[row >> 3] &= (byte)~(1 << (row & 7));
            var bytes = MemoryMarshal.AsBytes(_values.AsSpan(0, _filled)).ToArray();
            return new PrimitiveDataFrameColumn<T>(Field.Name, bytes, _valid, _filled, _nulls);
        }
    }

    /// <summary>A boolean column (results tables: small).</summary>
    private sealed class Booleans(DataField field) : ColumnBuilder(field)
    {
        private readonly List<bool?> _values = [];

        public override void Read(ParquetRowGroupReader rowGroup)
        {
            var buffer = new bool?[(int)rowGroup.RowCount];
            if (Field.IsNullable) SyncOverAsync.Run(() => rowGroup.ReadAsync(Field, buffer.AsMemory()).AsTask());
            else
            {
                var plain = new bool[buffer.Length];
                SyncOverAsync.Run(() => rowGroup.ReadAsync(Field, plain.AsMemory()).AsTask());
                for (int i = 0; i < plain.Length; i++) buffer[i] = plain[i];
            }
            _values.AddRange(buffer);
        }

        public override DataFrameColumn Build() => new BooleanDataFrameColumn(Field.Name, _values);
    }

    private sealed class Strings(DataField field) : ColumnBuilder(field)
    {
        private readonly List<string?> _values = [];

        public override void Read(ParquetRowGroupReader rowGroup)
        {
            var buffer = new string[(int)rowGroup.RowCount];
            SyncOverAsync.Run(() => rowGroup.ReadAsync(Field, buffer.AsMemory()).AsTask());
            _values.AddRange(buffer);
        }

        public override DataFrameColumn Build() => new StringDataFrameColumn(Field.Name, _values);
    }
}
