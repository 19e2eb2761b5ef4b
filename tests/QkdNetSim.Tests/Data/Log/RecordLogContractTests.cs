using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Data.Log;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>Inputs of <see cref="RecordLogContractTests{TRow,TMap}.NotParquet"/>.</summary>
public enum NotParquetContent
{
    /// <summary>The kind's header and one row as CSV text.</summary>
    CsvExport,
    Empty,
    /// <summary>Three bytes of the four-byte magic.</summary>
    PartialMagic,
}

/// <summary>A contract column picked by its physical type, for <see cref="RecordLogContractTests{TRow,TMap}.WrongColumnType"/>.</summary>
public enum ContractColumn
{
    ObservableInt32,
    Int64,
    TruthInt32,
}

/// <summary>
/// What every record log must do, whatever its kind: one generic columnar writer and reader serve every kind, so the
/// same checks run once per kind (a derived class per kind supplies sample rows, equality, column names and the
/// expected literals; checks only one kind has live in that derived class). Every bad log must surface as one
/// InputError line naming file, field and rule; writes are atomic and byte-deterministic.
/// </summary>
public abstract class RecordLogContractTests<TRow, TMap> : IDisposable
    where TRow : struct
    where TMap : struct, IRecordColumnMap<TRow>
{
    protected static readonly Dictionary<string, string> Manifest = new()
    {
        [LogMetadata.ManifestKey] = """{"scenario":"test","seed":7}""",
        ["other.key"] = "x",
    };

    protected readonly TempDirectory Dir = new();

    public void Dispose()
    {
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static string FileName => TMap.Schema.FileName;

    // ---- What a kind supplies ------------------------------------------------------------------------------------

    protected abstract RecordLogWriter<TRow, TMap> CreateWriter(string path, IReadOnlyDictionary<string, string> metadata,
        int rowGroupSizeRows);

    protected abstract RecordLogReader<TRow, TMap> Open(string path);

    /// <summary>Plausible rows, deterministic per seed, every value in range, ground truth not all placeholders.</summary>
    protected abstract TRow[] Generate(int count, int seed = 1);

    protected abstract bool Same(in TRow a, in TRow b);

    /// <summary>The contract columns holding the rows, built field by field (not through the column map under test).</summary>
    protected abstract (DataField Field, Array Values)[] ToColumns(ReadOnlySpan<TRow> rows);

    /// <summary>The kind's column names in file order, as the contract documents them.</summary>
    protected abstract string[] ContractColumnNames { get; }

    protected abstract string[] Int64ColumnNames { get; }

    protected abstract string[] TruthColumnNames { get; }

    /// <summary>A header and one row of the kind as CSV: text, not Parquet.</summary>
    protected abstract string CsvExport { get; }

    /// <summary>A column whose row-group-1 page header the corruption test overwrites.</summary>
    protected abstract string PageHeaderColumn { get; }

    /// <summary>Trials and seed of the random-byte fuzz (each trial's outcome was checked against the reader).</summary>
    protected abstract int FuzzTrials { get; }

    protected abstract int FuzzSeed { get; }

    protected abstract string RequiredObservableColumn { get; }

    protected abstract string ColumnOf(ContractColumn which);

    /// <summary>The row as a lab log without the cause and/or photon-number truth columns reads it back.</summary>
    protected abstract TRow WithTruthPlaceholders(TRow row, bool cause, bool photons);

    /// <summary>Checks that real ground truth was read, not just placeholders.</summary>
    protected abstract void AssertTruthIsNotPlaceholders(TRow[] read);

    /// <summary>An int32 column with a range, a value outside it and the range as the error names it.</summary>
    protected abstract (string Column, int Value, string Range) OutOfRangeCell { get; }

    /// <summary>An int32 column written as nullable by another tool, three non-null values for it, and its field.</summary>
    protected abstract (string Column, int?[] Values) NullableColumn { get; }

    protected abstract int NullableColumnField(in TRow row);

    /// <summary>The first (int64 key) field of a row.</summary>
    protected abstract long KeyField(in TRow row);

    /// <summary>Rows at the edges of every field's accepted range.</summary>
    protected abstract TRow[] ExtremeRows { get; }

    /// <summary>One in-range change of each field, one per contract column, in column order.</summary>
    protected abstract IReadOnlyList<Func<TRow, TRow>> SingleFieldChanges { get; }

    /// <summary>The column whose change in one row must change the file's bytes in the determinism test.</summary>
    protected abstract string DeterminismProbeColumn { get; }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    protected void Write(string path, ReadOnlySpan<TRow> rows, int rowGroupSizeRows,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var writer = CreateWriter(path, metadata ?? Manifest, rowGroupSizeRows);
        foreach (ref readonly var r in rows) writer.Append(in r);
        writer.Complete();
    }

    protected string ValidLog(int rows = 20_000, int rowGroupSizeRows = 5_000)
    {
        var path = Dir.File(FileName);
        Write(path, Generate(rows), rowGroupSizeRows, new Dictionary<string, string> { [LogMetadata.ManifestKey] = "{}" });
        return path;
    }

    protected TRow[] ReadAll(string path)
    {
        using var reader = Open(path);
        return reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
    }

    /// <summary>Opens and reads everything; returns the InputError it must throw.</summary>
    protected InputError ReadFails(string path)
    {
        var error = Assert.Throws<InputError>(() => ReadAll(path));
        Assert.Equal(path, error.File);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{path}: {error.Field}: {error.Rule}", error.Message);
        return error;
    }

    private static void AssertCorrupt(InputError error)
    {
        Assert.Equal("file", error.Field);
        Assert.StartsWith("truncated or corrupt Parquet (", error.Rule);
        Assert.EndsWith(")", error.Rule);
    }

    private string Truncated(string source, long keepBytes)
    {
        var bytes = File.ReadAllBytes(source);
        var path = Dir.File("cut.parquet");
        File.WriteAllBytes(path, bytes[..(int)keepBytes]);
        return path;
    }

    /// <summary>Reads the whole log through ReadChunks and compares it row by row.</summary>
    protected void AssertFileHolds(string path, ReadOnlySpan<TRow> expected, out int chunks)
    {
        using var reader = Open(path);
        Assert.Equal(expected.Length, reader.RowCount);
        long row = 0;
        chunks = 0;
        foreach (var chunk in reader.ReadChunks())
        {
            chunks++;
            var span = chunk.Span;
            for (int i = 0; i < span.Length; i++, row++)
                if (!Same(expected[(int)row], span[i]))
                    Assert.Fail($"row {row} differs");
        }
        Assert.Equal(expected.Length, row);
    }

    private static string ContentHashOf(ReadOnlySpan<TRow> rows)
    {
        var hash = LogContentHash<TRow, TMap>.Create();
        foreach (ref readonly var r in rows) hash.Add(in r);
        return hash.ToMetadataValue();
    }

    /// <summary>
    /// Writes <paramref name="rows"/> rows with <paramref name="column"/> set to <paramref name="value"/> at
    /// <paramref name="row"/>, in row groups of <paramref name="rowGroupSizeRows"/>, and returns the read's InputError.
    /// </summary>
    protected InputError ReadFailsWithValue(string column, int value, int row, int rows = 3, int? rowGroupSizeRows = null)
    {
        var columns = ToColumns(Generate(rows));
        ((int[])columns[Array.FindIndex(columns, c => c.Field.Name == column)].Values)[row] = value;
        var path = Dir.File(FileName);
        RawParquet.Write(path, columns, rowGroupSizeRows: rowGroupSizeRows);
        return ReadFails(path);
    }

    // ---- Framing, truncation, corruption ------------------------------------------------------------------------

    [Fact]
    public void MissingFile()
    {
        var error = ReadFails(Dir.File("nope.parquet"));
        Assert.Equal("file", error.Field);
        Assert.Equal("not found", error.Rule);
    }

    [Fact]
    public void DirectoryInsteadOfFile()
    {
        var path = Dir.File("adir");
        Directory.CreateDirectory(path);
        Assert.Equal("file", ReadFails(path).Field);
    }

    [Theory]
    [InlineData(NotParquetContent.CsvExport)]
    [InlineData(NotParquetContent.Empty)]
    [InlineData(NotParquetContent.PartialMagic)]
    public void NotParquet(NotParquetContent content)
    {
        var path = Dir.File(FileName);
        File.WriteAllText(path, content switch
        {
            NotParquetContent.CsvExport => CsvExport,
            NotParquetContent.Empty => "",
            _ => "PAR",
        });
        var error = ReadFails(path);
        Assert.Equal("file", error.Field);
        Assert.StartsWith("not a Parquet file", error.Rule);
    }

    [Fact]
    public void TruncatedLast100Bytes()
    {
        var valid = ValidLog();
        AssertCorrupt(ReadFails(Truncated(valid, new FileInfo(valid).Length - 100)));
    }

    [Fact]
    public void TruncatedInTheMiddle()
    {
        var valid = ValidLog();
        AssertCorrupt(ReadFails(Truncated(valid, new FileInfo(valid).Length / 2)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(100)]
    public void TruncatedShort(int keepBytes)
    {
        var error = ReadFails(Truncated(ValidLog(), keepBytes));
        Assert.Equal("file", error.Field);
    }

    [Fact]
    public void TruncatedEveryLengthNearTheEnd()
    {
        var valid = ValidLog(rows: 200, rowGroupSizeRows: 64);
        long length = new FileInfo(valid).Length;
        for (long keep = length - 1; keep >= length - 300 && keep > 0; keep--)
            AssertCorrupt(ReadFails(Truncated(valid, keep)));
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0xA5)]
    [InlineData(0x19)]
    [InlineData(0x00)]
    public async Task CorruptPageHeaderFooterIntact(byte fill)
    {
        var path = ValidLog();
        long offset;
        await using (var reader = await ParquetReader.CreateAsync(path))
        {
            var group = reader.OpenRowGroupReader(1);
            var field = reader.Schema.DataFields.Single(f => f.Name == PageHeaderColumn);
            offset = group.GetMetadata(field)!.MetaData!.DataPageOffset;
        }
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan((int)offset, 48).Fill(fill);
        File.WriteAllBytes(path, bytes);

        var error = ReadFails(path);
        AssertCorrupt(error);
        Assert.Contains($"row group 1, column '{PageHeaderColumn}'", error.Rule);
    }

    [Theory]
    [InlineData(0xA5)] // these two fills made Parquet.Net 6.1 spin forever on the detection log before the footer pre-check
    [InlineData(0x19)]
    [InlineData(0x00)]
    [InlineData(0xFF)]
    public void GarbageInsteadOfFooter(byte fill)
    {
        var path = ValidLog();
        var bytes = File.ReadAllBytes(path);
        int footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        bytes.AsSpan(bytes.Length - 8 - footerLength, footerLength).Fill(fill);
        File.WriteAllBytes(path, bytes);
        AssertCorrupt(ReadFails(path));
    }

    /// <summary>
    /// Bytes overwritten inside the data of every column chunk (page headers intact): whatever Zstd and the delta
    /// decoder make of them, the read must fail as InputError, as corrupt data, an out-of-range value or a
    /// content-hash mismatch; never silently return altered rows.
    /// </summary>
    [Fact]
    public async Task OverwrittenPageDataEveryColumnIsDetected()
    {
        var valid = ValidLog(rows: 4_000, rowGroupSizeRows: 2_000);
        var original = File.ReadAllBytes(valid);
        var chunks = new List<(string Column, long Start, long Length)>();
        await using (var reader = await ParquetReader.CreateAsync(valid))
        {
            var group = reader.OpenRowGroupReader(1);
            foreach (var field in reader.Schema.DataFields)
            {
                var meta = group.GetMetadata(field)!.MetaData!;
                chunks.Add((field.Name, meta.DataPageOffset, meta.TotalCompressedSize));
            }
        }
        Assert.Equal(ContractColumnNames, chunks.Select(c => c.Column));
        var path = Dir.File("overwritten.parquet");
        foreach (var (column, start, length) in chunks)
        {
            var bytes = (byte[])original.Clone();
            // Past the page header (at most a few dozen bytes), inside the compressed page data.
            int from = (int)(start + Math.Min(length - 8, Math.Max(40, length / 2)));
            for (int i = from; i < from + 8 && i < start + length; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InputError>(() => ReadAll(path));
            Assert.DoesNotContain('\n', error.Message);
            Assert.True(error.Field is "file" or "content" || TMap.Schema.Find(error.Field) != null,
                $"{column}: {error.Message}");
        }
    }

    [Fact]
    public void RandomByteCorruptionEveryTrialThrowsInputErrorOrReadsTheOriginalRows()
    {
        // Every corrupted copy must end in one of two ways, each asserted per trial: an InputError naming this file in
        // the one-line "file: field: rule" form, or (the overwritten bytes carried no row data, e.g. a byte of the
        // manifest text or a flip to the same value) exactly the rows that were written. The footer's content hash is
        // what rules out a third outcome, rows that decode in range but differ (see the kind's FuzzTrials for the trials
        // that once read as valid).
        const int rows = 3_000;
        var expected = Generate(rows);
        var valid = File.ReadAllBytes(ValidLog(rows: rows, rowGroupSizeRows: 1_000));
        var path = Dir.File("fuzz.parquet");
        var rng = new System.Random(FuzzSeed);
        int detected = 0, harmless = 0;
        for (int trial = 0; trial < FuzzTrials; trial++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(path, bytes);
            TRow[] read;
            try
            {
                read = ReadAll(path);
            }
            catch (InputError error)
            {
                Assert.True(error.File == path, $"trial {trial}: error names {error.File}");
                Assert.False(error.Message.Contains('\n'), $"trial {trial}: multi-line error {error.Message}");
                Assert.StartsWith($"{path}: {error.Field}: {error.Rule}", error.Message);
                detected++;
                continue;
            }
            bool same = read.Length == rows && Enumerable.Range(0, rows).All(i => Same(expected[i], read[i]));
            if (same) { harmless++; continue; }
            Assert.Fail($"trial {trial}: read {read.Length} rows that differ from the {rows} written, without an error");
        }
        Assert.Equal(FuzzTrials, detected + harmless);
    }

    // ---- Content hash -------------------------------------------------------------------------------------------

    [Fact]
    public void ContentHashMismatchIsDetected()
    {
        // A file whose rows decode cleanly and in range but differ from those the footer's hash was computed over:
        // exactly what an overwritten data page that still decompresses looks like. One file per field changed.
        var rows = Generate(100, seed: 2);
        var metadata = new Dictionary<string, string> { [LogMetadata.ContentHashKey] = ContentHashOf(rows) };
        var path = Dir.File(FileName);
        foreach (var change in SingleFieldChanges)
        {
            var changed = (TRow[])rows.Clone();
            changed[57] = change(changed[57]);
            RawParquet.Write(path, ToColumns(changed), metadata);

            var error = ReadFails(path);
            Assert.Equal("content", error.Field);
            Assert.StartsWith("rows differ from what was written", error.Rule);
        }
    }

    [Fact]
    public void NoContentHashIsAccepted()
    {
        // Logs converted from lab data by other tools carry no hash: nothing to verify, rows read as written.
        var rows = Generate(100, seed: 2);
        var path = Dir.File(FileName);
        RawParquet.Write(path, ToColumns(rows));
        AssertFileHolds(path, rows, out _);
    }

    [Fact]
    public void ContentHashInFooterIsTheHashOfAllRows()
    {
        var rows = Generate(5_000, seed: 4);
        var path = Dir.File(FileName);
        Write(path, rows, 1_000);
        using var reader = Open(path);
        // The rows' hash, then the digest of the manifest written with them.
        Assert.Equal(ContentHashOf(rows) + LogMetadata.ManifestDigestPart + LogMetadata.ManifestDigest(reader.Manifest!),
            reader.Metadata[LogMetadata.ContentHashKey]);
    }

    [Fact]
    public void ContentHashDependsOnEveryField()
    {
        var baseRow = Generate(1, seed: 8)[0];
        Assert.Equal(TMap.Schema.Columns.Count, SingleFieldChanges.Count);
        var seen = new HashSet<string> { ContentHashOf([baseRow]) };
        foreach (var change in SingleFieldChanges) Assert.True(seen.Add(ContentHashOf([change(baseRow)])));
    }

    // ---- Columns from other tools -------------------------------------------------------------------------------

    [Fact]
    public void MissingRequiredColumn()
    {
        var path = Dir.File(FileName);
        var columns = ToColumns(Generate(3)).Where(c => c.Field.Name != RequiredObservableColumn).ToArray();
        RawParquet.Write(path, columns);
        var error = ReadFails(path);
        Assert.Equal(RequiredObservableColumn, error.Field);
        Assert.Equal("required column missing", error.Rule);
    }

    [Fact]
    public void TruthColumnsAbsentReadAsUnknownAndMinusOneForLabLogs() =>
        AssertLabLogReadsPlaceholders(Generate(300, seed: 11), droppedPrefix: "truth_", cause: true,
            expectedColumns: ContractColumnNames.Length - TruthColumnNames.Length);

    [Fact]
    public void SomeTruthColumnsAbsentOnlyThoseArePlaceholders() =>
        AssertLabLogReadsPlaceholders(Generate(50, seed: 12), droppedPrefix: "truth_photons", cause: false,
            expectedColumns: ContractColumnNames.Count(n => !n.StartsWith("truth_photons")));

    /// <summary>
    /// Writes <paramref name="rows"/> without the columns named <paramref name="droppedPrefix"/>*, and checks that every
    /// row reads back with placeholders in the dropped truth fields (photon numbers always; causes when
    /// <paramref name="cause"/>) and its other fields intact.
    /// </summary>
    private void AssertLabLogReadsPlaceholders(TRow[] rows, string droppedPrefix, bool cause, int expectedColumns)
    {
        var path = Dir.File(FileName);
        var columns = ToColumns(rows).Where(c => !c.Field.Name.StartsWith(droppedPrefix)).ToArray();
        Assert.Equal(expectedColumns, columns.Length);
        RawParquet.Write(path, columns);

        using var reader = Open(path);
        Assert.False(reader.HasGroundTruth);
        var read = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Assert.Equal(rows.Length, read.Length);
        for (int i = 0; i < rows.Length; i++)
            Assert.True(Same(WithTruthPlaceholders(rows[i], cause, photons: true), read[i]), $"row {i}");
    }

    [Fact]
    public void TruthColumnsDroppedFooterHashKeptIsNotAHashMismatch()
    {
        // A tool that strips ground truth from a simulated log to imitate lab data may keep the footer metadata; the
        // hash covers values that are gone, so it cannot be checked and must not fail the read.
        var rows = Generate(50, seed: 13);
        var path = Dir.File(FileName);
        var columns = ToColumns(rows).Where(c => !c.Field.Name.StartsWith("truth_")).ToArray();
        RawParquet.Write(path, columns,
            new Dictionary<string, string> { [LogMetadata.ContentHashKey] = ContentHashOf(rows) });
        Assert.Equal(rows.Length, ReadAll(path).Length);
    }

    [Theory]
    [InlineData(ContractColumn.ObservableInt32)]
    [InlineData(ContractColumn.Int64)]
    [InlineData(ContractColumn.TruthInt32)]
    public void WrongColumnType(ContractColumn which)
    {
        // int32 and int64 stand in for each other (lab logs, below); a floating-point column is no integer column.
        string column = ColumnOf(which);
        bool int64 = which == ContractColumn.Int64;
        var path = Dir.File(FileName);
        var columns = ToColumns(Generate(3));
        int i = Array.FindIndex(columns, c => c.Field.Name == column);
        columns[i] = (new DataField<double>(column, nullable: false), new double[3]);
        RawParquet.Write(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.StartsWith($"must be an {(int64 ? "int64" : "int32")} column", error.Rule);
        Assert.EndsWith("found Double", error.Rule);
    }

    // ---- Lab logs: integer columns of the other width (pandas and DuckDB write int64) ----------------------------

    /// <summary>Every int32 contract column rewritten as int64 (nullable, as DuckDB writes it, or required).</summary>
    private static (DataField Field, Array Values)[] AsInt64Columns((DataField Field, Array Values)[] columns, bool nullable) =>
        columns.Select((DataField Field, Array Values) (c) => c.Values is int[] v
            ? (nullable
                ? ((DataField)new DataField<long?>(c.Field.Name, nullable: true), (Array)v.Select(x => (long?)x).ToArray())
                : (new DataField<long>(c.Field.Name, nullable: false), v.Select(x => (long)x).ToArray()))
            : c).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int64ColumnsWhereTheContractSaysInt32AreNarrowedWhenEveryValueFits(bool nullable)
    {
        // Rows at the edges of every column's range, then ordinary rows, over three row groups.
        TRow[] rows = [.. ExtremeRows, .. Generate(30, seed: 21)];
        var path = Dir.File(FileName);
        var columns = AsInt64Columns(ToColumns(rows), nullable);
        Assert.Contains(columns, c => c.Field.Name == RequiredObservableColumn && c.Field.ClrType == typeof(long));
        RawParquet.Write(path, columns, rowGroupSizeRows: 12);
        AssertFileHolds(path, rows, out int chunks);
        Assert.Equal(3, chunks);
    }

    [Fact]
    public void Int32ColumnsWhereTheContractSaysInt64AreWidened()
    {
        var rows = Generate(30, seed: 22);
        var path = Dir.File(FileName);
        var columns = ToColumns(rows).Select((DataField Field, Array Values) (c) => c.Values is long[] v
            ? ((DataField)new DataField<int>(c.Field.Name, nullable: false), (Array)v.Select(x => checked((int)x)).ToArray())
            : c).ToArray();
        Assert.Equal(Int64ColumnNames.Length, columns.Count(c => Int64ColumnNames.Contains(c.Field.Name) && c.Values is int[]));
        RawParquet.Write(path, columns, rowGroupSizeRows: 10);
        AssertFileHolds(path, rows, out _);
    }

    [Fact]
    public void Int64ValueJustOutsideAnInt32ColumnsRangeIsTheRangeErrorWithTheFileRow()
    {
        var (column, value, range) = OutOfRangeCell;
        var error = ReadFailsWithInt64Value(column, value, nullable: false);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 25 outside {range}", error.Rule);
    }

    [Theory]
    [InlineData(false, 1L << 40)] // past int32 itself: never truncated into range
    [InlineData(true, long.MinValue)]
    public void Int64ValueOutsideInt32IsTheRangeErrorWithTheFileRow(bool nullable, long value)
    {
        var (column, _, range) = OutOfRangeCell;
        var error = ReadFailsWithInt64Value(column, value, nullable);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 25 outside {range}", error.Rule);
    }

    /// <summary>30 rows in row groups of 10, every int32 column as int64, <paramref name="column"/> = value at row 25.</summary>
    private InputError ReadFailsWithInt64Value(string column, long value, bool nullable)
    {
        var columns = AsInt64Columns(ToColumns(Generate(30, seed: 23)), nullable);
        var values = columns[Array.FindIndex(columns, c => c.Field.Name == column)].Values;
        if (values is long[] longs) longs[25] = value;
        else ((long?[])values)[25] = value;
        var path = Dir.File(FileName);
        RawParquet.Write(path, columns, rowGroupSizeRows: 10);
        return ReadFails(path);
    }

    [Fact]
    public void Int64ColumnWithANullIsRejectedLikeAnInt32One()
    {
        var columns = AsInt64Columns(ToColumns(Generate(3)), nullable: true);
        var (column, _) = NullableColumn;
        ((long?[])columns[Array.FindIndex(columns, c => c.Field.Name == column)].Values)[1] = null;
        var path = Dir.File(FileName);
        RawParquet.Write(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.Contains("null", error.Rule);
    }

    [Fact]
    public void AnOutOfRangeValueInAnEarlierNativeColumnIsReportedBeforeOneInALaterInt64Column()
    {
        // The same error as for an all-int32 file: the first bad column in file order, whatever the widths.
        var (column, value, range) = OutOfRangeCell;
        var columns = ToColumns(Generate(3, seed: 24));
        int bad = Array.FindIndex(columns, c => c.Field.Name == column);
        int later = Array.FindIndex(columns, bad + 1, c => c.Values is int[] && TMap.Schema.Find(c.Field.Name)!.HasRange);
        Assert.True(later > bad, "the contract has no ranged int32 column after the out-of-range one");
        ((int[])columns[bad].Values)[2] = value;
        columns[later] = (new DataField<long>(columns[later].Field.Name, nullable: false), new[] { 0L, long.MaxValue, 0L });
        var path = Dir.File(FileName);
        RawParquet.Write(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 2 outside {range}", error.Rule);
    }

    [Fact]
    public void ValueOutOfRangeReportsTheFileRowIndexInALaterRowGroup()
    {
        // The row number must count from the start of the file, not of the row group: three row groups of ten rows.
        var (column, value, range) = OutOfRangeCell;
        var error = ReadFailsWithValue(column, value, row: 25, rows: 30, rowGroupSizeRows: 10);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 25 outside {range}", error.Rule);
    }

    [Fact]
    public void NullableColumnsFromOtherToolsAreAcceptedWithoutNullsAndRejectedWithNulls()
    {
        var path = Dir.File(FileName);
        var rows = Generate(3);
        var columns = ToColumns(rows);
        var (column, values) = NullableColumn;
        int i = Array.FindIndex(columns, c => c.Field.Name == column);
        // Extra column and different order must not matter either.
        columns[i] = (new DataField<int?>(column, nullable: true), values);
        RawParquet.Write(path, [(new DataField<int>("extra", nullable: false), new int[3]), .. columns.Reverse()]);
        var read = ReadAll(path);
        Assert.Equal(values.Select(v => v!.Value), read.Select(r => NullableColumnField(r)));
        Assert.Equal(rows.Select(r => KeyField(r)), read.Select(r => KeyField(r)));

        columns[i] = (columns[i].Field, new int?[] { 0, null, 2 });
        RawParquet.Write(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.Contains("null", error.Rule);
    }

    // ---- Round trip, metadata, schema ---------------------------------------------------------------------------

    [Fact]
    public void RoundTripRandomRowsManyRowGroupsPartialLastGroupWithTruth()
    {
        var rows = Generate(10_000);
        var path = Dir.File(FileName);
        Write(path, rows, rowGroupSizeRows: 3_000);

        AssertFileHolds(path, rows, out int chunks);
        Assert.Equal(4, chunks); // 3000+3000+3000+1000
        Assert.Equal([FileName], Dir.Entries());
        using var reader = Open(path);
        Assert.True(reader.HasGroundTruth);
        Assert.Equal(4, reader.RowGroupCount);
        AssertTruthIsNotPlaceholders(reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void RoundTripExtremeFieldValues()
    {
        var rows = ExtremeRows;
        var path = Dir.File(FileName);
        Write(path, rows, rowGroupSizeRows: 2);
        AssertFileHolds(path, rows, out int chunks);
        Assert.Equal((rows.Length + 1) / 2, chunks); // two rows per row group, the last one partial when odd
    }

    [Fact]
    public async Task MetadataIsInParquetFooterAndReadBack()
    {
        var path = Dir.File(FileName);
        Write(path, Generate(10), 1 << 10);

        using (var reader = Open(path))
        {
            Assert.Equal(Manifest[LogMetadata.ManifestKey], reader.Manifest);
            Assert.Equal(Manifest[LogMetadata.ManifestKey], reader.Metadata[LogMetadata.ManifestKey]);
            Assert.Equal("x", reader.Metadata["other.key"]);
            Assert.StartsWith("rows=10;xmix64=", reader.Metadata[LogMetadata.ContentHashKey]);
        }

        // Independently of our reader: the footer's key_value_metadata as Parquet.Net parses it.
        await using var parquet = await ParquetReader.CreateAsync(path);
        var kv = parquet.Metadata!.KeyValueMetadata!.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(Manifest[LogMetadata.ManifestKey], kv[LogMetadata.ManifestKey]);
    }

    [Fact]
    public void ManifestIsNullWhenAbsent()
    {
        var path = Dir.File(FileName);
        Write(path, Generate(3), 16, new Dictionary<string, string>());
        using var reader = Open(path);
        Assert.Null(reader.Manifest);
    }

    [Fact]
    public void SetMetadataBeforeCompleteReplacesAndAdds()
    {
        var path = Dir.File(FileName);
        using (var writer = CreateWriter(path, Manifest, 8))
        {
            writer.Append(default);
            writer.SetMetadata("other.key", "y");
            writer.SetMetadata("qkdnetsim.slots", "123");
            writer.Complete();
        }
        using var reader = Open(path);
        Assert.Equal("y", reader.Metadata["other.key"]);
        Assert.Equal("123", reader.Metadata["qkdnetsim.slots"]);
    }

    [Fact]
    public async Task SchemaHasContractColumnsInOrderWithTypesAndEncodings()
    {
        var path = Dir.File(FileName);
        Write(path, Generate(1000), 1 << 10);

        await using var parquet = await ParquetReader.CreateAsync(path);
        var fields = parquet.Schema.DataFields;
        Assert.Equal(ContractColumnNames, fields.Select(f => f.Name));
        Assert.All(fields, f => Assert.Equal(Int64ColumnNames.Contains(f.Name) ? typeof(long) : typeof(int), f.ClrType));
        Assert.All(fields, f => Assert.False(f.IsNullable));
        Assert.Equal(TruthColumnNames, TMap.Schema.Columns.Where(c => c.IsTruth).Select(c => c.Name));

        var group = parquet.OpenRowGroupReader(0);
        foreach (var f in fields)
        {
            var meta = group.GetMetadata(f)!.MetaData!;
            Assert.Equal(Parquet.Meta.CompressionCodec.ZSTD, meta.Codec);
            Assert.Contains(Parquet.Meta.Encoding.DELTA_BINARY_PACKED, meta.Encodings!);
        }
    }

    [Fact]
    public void SameInputGivesByteIdenticalFile()
    {
        var rows = Generate(50_000, seed: 3);
        var a = Dir.File("a.parquet");
        var b = Dir.File("b.parquet");
        var c = Dir.File("c.parquet");
        Write(a, rows, 1 << 14);
        // Same metadata inserted in the other order: footer must still be identical.
        var reordered = new Dictionary<string, string>();
        foreach (var (k, v) in Manifest.Reverse()) reordered[k] = v;
        Write(b, rows, 1 << 14, reordered);
        // One field of one row changed: the bytes must differ (the hash is not vacuous).
        rows[12_345] = SingleFieldChanges[TMap.Schema.IndexOf(DeterminismProbeColumn)](rows[12_345]);
        Write(c, rows, 1 << 14);

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(a)), SHA256.HashData(File.ReadAllBytes(b)));
        Assert.NotEqual(SHA256.HashData(File.ReadAllBytes(a)), SHA256.HashData(File.ReadAllBytes(c)));
    }

    [Fact]
    public void ZeroRowsIsAValidEmptyLog()
    {
        var path = Dir.File(FileName);
        Write(path, [], 1 << 10);
        using var reader = Open(path);
        Assert.Equal(0, reader.RowCount);
        Assert.Empty(reader.ReadChunks());
        Assert.Equal(Manifest[LogMetadata.ManifestKey], reader.Manifest);
        Assert.Equal(Manifest[LogMetadata.ManifestKey], reader.Metadata[LogMetadata.ManifestKey]);
    }

    // ---- Writer lifecycle ---------------------------------------------------------------------------------------

    [Fact]
    public void DisposeWithoutCompleteLeavesNoFile()
    {
        var path = Dir.File(FileName);
        using (var writer = CreateWriter(path, Manifest, rowGroupSizeRows: 100))
        {
            foreach (var r in Generate(250)) writer.Append(r); // two row groups flushed
            Assert.Equal(2, writer.RowGroupsWritten);
            Assert.Equal(250, writer.RowsAppended);
            Assert.Single(Dir.Entries()); // only the temporary file so far
            Assert.False(File.Exists(path));
        }
        Assert.Empty(Dir.Entries());
    }

    [Fact]
    public void ExceptionMidSessionLeavesNoFileAndKeepsPreviousLog()
    {
        var path = Dir.File(FileName);
        Write(path, Generate(5), 16);
        var before = File.ReadAllBytes(path);

        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var writer = CreateWriter(path, Manifest, rowGroupSizeRows: 100);
            foreach (var r in Generate(1000, seed: 9)) writer.Append(r);
            throw new InvalidOperationException("simulated crash");
        }));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([FileName], Dir.Entries());
    }

    [Fact]
    public void AppendAfterCompleteThrows()
    {
        var path = Dir.File(FileName);
        using var writer = CreateWriter(path, Manifest, 8);
        writer.Append(default);
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.Append(default));
        Assert.Throws<InvalidOperationException>(writer.Complete);
        Assert.Equal(1, writer.RowsAppended);
    }

    [Fact]
    public void AppendDoesNotAllocate()
    {
        var path = Dir.File(FileName);
        var rows = Generate(200_000);
        using var writer = CreateWriter(path, Manifest, rowGroupSizeRows: 1 << 18);
        // Warm up: let tiered JIT settle (its on-stack replacement may allocate once, not per row).
        for (int i = 0; i < 100_000; i++) writer.Append(in rows[i]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 100_000; i < rows.Length; i++) writer.Append(in rows[i]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A per-row allocation would cost >= 24 bytes x 100,000 rows = 2.4 MB. Under CPU load, tiered JIT can still
        // install a re-jitted method during the measured loop and allocate a few KB once (seen: 5 KB), so the bound is
        // 64 KB, i.e. below one byte per row, not exactly zero.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated by 100,000 appends");
        writer.Complete();
    }
}
