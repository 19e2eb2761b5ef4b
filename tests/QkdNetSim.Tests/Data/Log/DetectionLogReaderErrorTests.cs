using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>Every bad log must surface as one InputError line naming file, field and rule.</summary>
public sealed class DetectionLogReaderErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ValidLog(int rows = 20_000, int rowGroupSizeRows = 5_000)
    {
        var path = _dir.File("detections.parquet");
        using var writer = new DetectionLogWriter(path,
            new Dictionary<string, string> { [DetectionLogSchema.ManifestKey] = "{}" }, rowGroupSizeRows);
        foreach (var r in SyntheticDetections.Generate(rows)) writer.Append(r);
        writer.Complete();
        return path;
    }

    /// <summary>Opens and reads everything; returns the InputError it must throw.</summary>
    private static InputError ReadFails(string path)
    {
        var error = Assert.Throws<InputError>(() =>
        {
            using var reader = DetectionLogReader.Open(path);
            foreach (var _ in reader.ReadChunks()) { }
        });
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
        var path = _dir.File("cut.parquet");
        File.WriteAllBytes(path, bytes[..(int)keepBytes]);
        return path;
    }

    [Fact]
    public void MissingFile()
    {
        var error = ReadFails(_dir.File("nope.parquet"));
        Assert.Equal("file", error.Field);
        Assert.Equal("not found", error.Rule);
    }

    [Fact]
    public void DirectoryInsteadOfFile()
    {
        var path = _dir.File("adir");
        Directory.CreateDirectory(path);
        Assert.Equal("file", ReadFails(path).Field);
    }

    [Theory]
    [InlineData("gate,time_ps,detector\n1,1000,0\n")]
    [InlineData("")]
    [InlineData("PAR")]
    public void NotParquet(string content)
    {
        var path = _dir.File("detections.parquet");
        File.WriteAllText(path, content);
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
            offset = group.GetMetadata(reader.Schema.DataFields[2])!.MetaData!.DataPageOffset;
        }
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan((int)offset, 48).Fill(fill);
        File.WriteAllBytes(path, bytes);

        var error = ReadFails(path);
        AssertCorrupt(error);
        Assert.Contains("row group 1, column 'detector'", error.Rule);
    }

    [Theory]
    [InlineData(0xA5)] // these two fills made Parquet.Net 6.1 spin forever before the footer pre-check
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

    [Fact]
    public void RandomByteCorruptionEveryTrialThrowsInputErrorOrReadsTheOriginalRows()
    {
        // Every one of 2,000 corrupted copies must end in one of two ways, each asserted per trial: an InputError naming this
        // file in the one-line "file: field: rule" form, or (the overwritten bytes carried no row data, e.g. a byte of the
        // manifest text or a flip to the same value) exactly the rows that were written. The footer's content hash is what
        // rules out a third outcome, rows that decode in range but differ; trials 277 (a footer that parses as listing no row groups), 881 (a damaged content-hash key) and 298 (a damaged truth column name) once read as valid and are now errors.
        const int rows = 3_000;
        var expected = SyntheticDetections.Generate(rows);
        var valid = File.ReadAllBytes(ValidLog(rows: rows, rowGroupSizeRows: 1_000));
        var path = _dir.File("fuzz.parquet");
        var rng = new System.Random(12345);
        int detected = 0, harmless = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(path, bytes);
            DetectionRecord[] read;
            IReadOnlyDictionary<string, string> metadata;
            try
            {
                using var reader = DetectionLogReader.Open(path);
                read = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
                metadata = reader.Metadata;
            }
            catch (InputError error)
            {
                Assert.True(error.File == path, $"trial {trial}: error names {error.File}");
                Assert.False(error.Message.Contains('\n'), $"trial {trial}: multi-line error {error.Message}");
                Assert.StartsWith($"{path}: {error.Field}: {error.Rule}", error.Message);
                detected++;
                continue;
            }
            bool same = read.Length == rows && Enumerable.Range(0, rows).All(i => DetectionRecordAssert.Same(expected[i], read[i]));
            if (same) { harmless++; continue; }
            Assert.Fail($"trial {trial}: read {read.Length} rows that differ from the {rows} written, without an error");
        }
        Assert.Equal(2000, detected + harmless);
    }

    [Fact]
    public void MissingRequiredColumn()
    {
        var path = _dir.File("detections.parquet");
        var columns = AllColumns(rows: 3).Where(c => c.Field.Name != "bob_basis").ToArray();
        WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("bob_basis", error.Field);
        Assert.Equal("required column missing", error.Rule);
    }

    [Fact]
    public void TruthColumnsAreOptionalForLabLogs()
    {
        // A lab log has no ground truth: rows read back with cause Unknown and photon number -1.
        var path = _dir.File("detections.parquet");
        var columns = AllColumns(rows: 3).Where(c => !c.Field.Name.StartsWith("truth_")).ToArray();
        WriteRaw(path, columns);
        using var reader = DetectionLogReader.Open(path);
        var rows = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.All(rows, r => Assert.Equal(QkdNetSim.Core.Records.DetectionCause.Unknown, r.TruthCause));
        Assert.All(rows, r => Assert.Equal(-1, (int)r.TruthPhotons));
    }

    [Fact]
    public void WrongColumnType()
    {
        var path = _dir.File("detections.parquet");
        var columns = AllColumns(rows: 3);
        int i = Array.FindIndex(columns, c => c.Field.Name == "detector");
        columns[i] = (new DataField<long>("detector", nullable: false), new long[3]);
        WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("detector", error.Field);
        Assert.StartsWith("must be an int32 column", error.Rule);
    }

    [Fact]
    public void ValueOutOfFieldRange()
    {
        var path = _dir.File("detections.parquet");
        var columns = AllColumns(rows: 3);
        int i = Array.FindIndex(columns, c => c.Field.Name == "truth_cause");
        columns[i] = (columns[i].Field, new[] { 0, 1, 77 });
        WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("truth_cause", error.Field);
        Assert.Equal("value 77 at row 2 outside [0, 4]", error.Rule);
    }

    [Fact]
    public void NullableColumnsFromOtherToolsAreAcceptedWithoutNullsAndRejectedWithNulls()
    {
        var path = _dir.File("detections.parquet");
        var columns = AllColumns(rows: 3);
        int i = Array.FindIndex(columns, c => c.Field.Name == "user");
        // Extra column and different order must not matter either.
        columns[i] = (new DataField<int?>("user", nullable: true), new int?[] { 0, 1, -1 });
        WriteRaw(path, [(new DataField<int>("extra", nullable: false), new int[3]), .. columns.Reverse()]);
        using (var reader = DetectionLogReader.Open(path))
        {
            var rows = reader.ReadChunks().Single().ToArray();
            Assert.Equal([(short)0, (short)1, (short)-1], rows.Select(r => r.User));
            Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Gate));
        }

        columns[i] = (columns[i].Field, new int?[] { 0, null, 2 });
        WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("user", error.Field);
        Assert.Contains("null", error.Rule);
    }

    /// <summary>A complete, valid set of contract columns (gate = row index, everything else 0).</summary>
    private static (DataField Field, Array Values)[] AllColumns(int rows) =>
        DetectionLogSchema.Schema.DataFields
            .Select(f => (f, f.ClrType == typeof(long)
                ? (Array)Enumerable.Range(0, rows).Select(r => (long)r).ToArray()
                : new int[rows]))
            .ToArray();

    /// <summary>Writes arbitrary columns with Parquet.Net directly, to imitate files from other tools.</summary>
    private static void WriteRaw(string path, (DataField Field, Array Values)[] columns)
    {
        File.Delete(path);
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field))!, stream)
            .GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            foreach (var (field, values) in columns)
            {
                var task = values switch
                {
                    long[] v => group.WriteAsync<long>(field, v),
                    int[] v => group.WriteAsync<int>(field, v),
                    int?[] v => group.WriteAsync<int>(field, (ReadOnlyMemory<int?>)v),
                    _ => throw new ArgumentException(values.GetType().Name),
                };
                task.GetAwaiter().GetResult();
            }
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
