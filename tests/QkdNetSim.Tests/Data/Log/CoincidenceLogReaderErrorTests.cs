using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Log;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Data.Files;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>Every bad coincidence log must surface as one InputError line naming file, field and rule.</summary>
public sealed class CoincidenceLogReaderErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ValidLog(int rows = 20_000, int rowGroupSizeRows = 5_000)
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
        using var writer = new CoincidenceLogWriter(path,
            new Dictionary<string, string> { [CoincidenceLogSchema.ManifestKey] = "{}" }, rowGroupSizeRows);
        foreach (var r in SyntheticCoincidences.Generate(rows)) writer.Append(r);
        writer.Complete();
        return path;
    }

    /// <summary>Opens and reads everything; returns the InputError it must throw.</summary>
    private static InputError ReadFails(string path)
    {
        var error = Assert.Throws<InputError>(() => ReadAll(path));
        Assert.Equal(path, error.File);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"{path}: {error.Field}: {error.Rule}", error.Message);
        return error;
    }

    private static CoincidenceRecord[] ReadAll(string path)
    {
        using var reader = CoincidenceLogReader.Open(path);
        return reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
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
    [InlineData("slot,module,time_d0_ps\n1,0,1000\n")]
    [InlineData("")]
    [InlineData("PAR")]
    public void NotParquet(string content)
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
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
            offset = group.GetMetadata(reader.Schema.DataFields[4])!.MetaData!.DataPageOffset;
        }
        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan((int)offset, 48).Fill(fill);
        File.WriteAllBytes(path, bytes);

        var error = ReadFails(path);
        AssertCorrupt(error);
        Assert.Contains("row group 1, column 'bin_d0'", error.Rule);
    }

    [Theory]
    [InlineData(0xA5)] // fills that made Parquet.Net 6.1 spin forever on the detection log before the footer pre-check
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
        var path = _dir.File("overwritten.parquet");
        foreach (var (column, start, length) in chunks)
        {
            var bytes = (byte[])original.Clone();
            // Past the page header (at most a few dozen bytes), inside the compressed page data.
            int from = (int)(start + Math.Min(length - 8, Math.Max(40, length / 2)));
            for (int i = from; i < from + 8 && i < start + length; i++) bytes[i] ^= 0x5A;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<InputError>(() => ReadAll(path));
            Assert.DoesNotContain('\n', error.Message);
            Assert.True(error.Field is "file" or "content" || CoincidenceLogSchema.Find(error.Field) != null,
                $"{column}: {error.Message}");
        }
    }

    [Fact]
    public void RandomByteCorruptionEveryTrialThrowsInputErrorOrReadsTheOriginalRows()
    {
        // Each of 1,000 corrupted copies, asserted per trial: an InputError naming this file in the one-line form, or (the
        // overwritten bytes carried no row data) exactly the rows that were written; the content hash rules out anything else,
        // including trials 249, 448 and 548, whose damaged truth column names once made the reader skip the hash.
        const int rows = 3_000;
        var expected = SyntheticCoincidences.Generate(rows);
        var valid = File.ReadAllBytes(ValidLog(rows: rows, rowGroupSizeRows: 1_000));
        var path = _dir.File("fuzz.parquet");
        var rng = new System.Random(12345);
        int detected = 0, harmless = 0;
        for (int trial = 0; trial < 1000; trial++)
        {
            var bytes = (byte[])valid.Clone();
            int flips = rng.Next(1, 8);
            for (int k = 0; k < flips; k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            File.WriteAllBytes(path, bytes);
            CoincidenceRecord[] read;
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
            bool same = read.Length == rows && Enumerable.Range(0, rows).All(i => SyntheticCoincidences.Same(expected[i], read[i]));
            if (same) { harmless++; continue; }
            Assert.Fail($"trial {trial}: read {read.Length} rows that differ from the {rows} written, without an error");
        }
        Assert.Equal(1000, detected + harmless);
    }

    [Fact]
    public void ContentHashMismatchIsDetected()
    {
        // A file whose rows decode cleanly and in range but differ from those the footer's hash was computed over:
        // exactly what an overwritten data page that still decompresses looks like.
        var rows = SyntheticCoincidences.Generate(100, seed: 2);
        var hash = LogContentHash<CoincidenceRecord, CoincidenceColumns>.Create();
        foreach (ref readonly var r in rows.AsSpan()) hash.Add(in r);
        rows[57].TimeD1Ps += 1;
        var path = _dir.File(CoincidenceLogSchema.FileName);
        SyntheticCoincidences.WriteRaw(path, SyntheticCoincidences.ToColumns(rows),
            new Dictionary<string, string> { [LogMetadata.ContentHashKey] = hash.ToMetadataValue() });

        var error = ReadFails(path);
        Assert.Equal("content", error.Field);
        Assert.StartsWith("rows differ from what was written", error.Rule);
    }

    [Fact]
    public void NoContentHashIsAccepted()
    {
        // Logs converted from lab data by other tools carry no hash: nothing to verify, rows read as written.
        var rows = SyntheticCoincidences.Generate(100, seed: 2);
        var path = _dir.File(CoincidenceLogSchema.FileName);
        SyntheticCoincidences.WriteRaw(path, SyntheticCoincidences.ToColumns(rows));
        SyntheticCoincidences.FileHolds(path, rows, out _);
    }

    [Fact]
    public void MissingRequiredColumn()
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(SyntheticCoincidences.Generate(3))
            .Where(c => c.Field.Name != "basis_b").ToArray();
        SyntheticCoincidences.WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("basis_b", error.Field);
        Assert.Equal("required column missing", error.Rule);
    }

    [Fact]
    public void TruthColumnsAbsentReadAsUnknownAndMinusOneForLabLogs()
    {
        var rows = SyntheticCoincidences.Generate(300, seed: 11);
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(rows).Where(c => !c.Field.Name.StartsWith("truth_")).ToArray();
        Assert.Equal(13, columns.Length);
        SyntheticCoincidences.WriteRaw(path, columns);

        using var reader = CoincidenceLogReader.Open(path);
        Assert.False(reader.HasGroundTruth);
        var read = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Assert.Equal(rows.Length, read.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            var expected = rows[i];
            expected.TruthCauseD0 = expected.TruthCauseD1 = DetectionCause.Unknown;
            expected.TruthPhotonsD0 = expected.TruthPhotonsD1 = -1;
            Assert.True(SyntheticCoincidences.Same(expected, read[i]), $"row {i}");
        }
    }

    [Fact]
    public void SomeTruthColumnsAbsentOnlyThoseArePlaceholders()
    {
        var rows = SyntheticCoincidences.Generate(50, seed: 12);
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(rows).Where(c => !c.Field.Name.StartsWith("truth_photons")).ToArray();
        SyntheticCoincidences.WriteRaw(path, columns);

        using var reader = CoincidenceLogReader.Open(path);
        Assert.False(reader.HasGroundTruth);
        var read = reader.ReadChunks().SelectMany(c => c.ToArray()).ToArray();
        Assert.Equal(rows.Select(r => r.TruthCauseD0), read.Select(r => r.TruthCauseD0));
        Assert.Equal(rows.Select(r => r.TruthCauseD1), read.Select(r => r.TruthCauseD1));
        Assert.All(read, r => Assert.Equal((-1, -1), ((int)r.TruthPhotonsD0, (int)r.TruthPhotonsD1)));
    }

    [Fact]
    public void TruthColumnsDroppedFooterHashKeptIsNotAHashMismatch()
    {
        // A tool that strips ground truth from a simulated log to imitate lab data may keep the footer metadata; the
        // hash covers values that are gone, so it cannot be checked and must not fail the read.
        var rows = SyntheticCoincidences.Generate(50, seed: 13);
        var hash = LogContentHash<CoincidenceRecord, CoincidenceColumns>.Create();
        foreach (ref readonly var r in rows.AsSpan()) hash.Add(in r);
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(rows).Where(c => !c.Field.Name.StartsWith("truth_")).ToArray();
        SyntheticCoincidences.WriteRaw(path, columns,
            new Dictionary<string, string> { [LogMetadata.ContentHashKey] = hash.ToMetadataValue() });
        Assert.Equal(rows.Length, ReadAll(path).Length);
    }

    [Theory]
    [InlineData("bin_d0", typeof(long))]
    [InlineData("slot", typeof(int))]
    [InlineData("truth_cause_d1", typeof(long))]
    public void WrongColumnType(string column, Type type)
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(SyntheticCoincidences.Generate(3));
        int i = Array.FindIndex(columns, c => c.Field.Name == column);
        columns[i] = type == typeof(long)
            ? (new DataField<long>(column, nullable: false), new long[3])
            : (new DataField<int>(column, nullable: false), new int[3]);
        SyntheticCoincidences.WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.StartsWith($"must be an {(type == typeof(long) ? "int32" : "int64")} column", error.Rule);
    }

    [Theory]
    [InlineData("bin_d0", 2, "[0, 1]")]
    [InlineData("bin_d1", -1, "[0, 1]")]
    [InlineData("basis_a", 2, "[0, 1]")]
    [InlineData("basis_b", -1, "[0, 1]")]
    [InlineData("bit_a", 7, "[0, 1]")]
    [InlineData("bit_b", -1, "[0, 1]")]
    [InlineData("module", -1, "[0, 32767]")]
    [InlineData("module", 40000, "[0, 32767]")]
    [InlineData("extra_clicks", 256, "[0, 255]")]
    [InlineData("intensity_a", -1, "[0, 127]")]
    [InlineData("intensity_b", 128, "[0, 127]")]
    [InlineData("truth_cause_d0", 77, "[0, 4]")]
    [InlineData("truth_photons_d1", -2, "[-1, 32767]")]
    public void ValueOutOfRange_NamesTheColumn(string column, int value, string range)
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var columns = SyntheticCoincidences.ToColumns(SyntheticCoincidences.Generate(3));
        int i = Array.FindIndex(columns, c => c.Field.Name == column);
        var values = (int[])columns[i].Values;
        values[2] = value;
        SyntheticCoincidences.WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal(column, error.Field);
        Assert.Equal($"value {value} at row 2 outside {range}", error.Rule);
    }

    [Fact]
    public async Task ValueOutOfRangeReportsTheFileRowIndexInALaterRowGroup()
    {
        // The row number must count from the start of the file, not of the row group.
        var rows = SyntheticCoincidences.Generate(30);
        var columns = SyntheticCoincidences.ToColumns(rows);
        ((int[])columns[Array.FindIndex(columns, c => c.Field.Name == "bit_a")].Values)[25] = 5;
        var path = _dir.File(CoincidenceLogSchema.FileName);
        // Three row groups of ten rows, written directly.
        await using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), stream);
            for (int g = 0; g < 3; g++)
            {
                using var group = writer.CreateRowGroup();
                foreach (var (field, values) in columns)
                {
                    if (values is long[] l) await group.WriteAsync<long>(field, l.AsMemory(g * 10, 10));
                    else await group.WriteAsync<int>(field, ((int[])values).AsMemory(g * 10, 10));
                }
            }
        }
        var error = ReadFails(path);
        Assert.Equal("bit_a", error.Field);
        Assert.Equal("value 5 at row 25 outside [0, 1]", error.Rule);
    }

    [Fact]
    public void NullableColumnsFromOtherToolsAreAcceptedWithoutNullsAndRejectedWithNulls()
    {
        var path = _dir.File(CoincidenceLogSchema.FileName);
        var rows = SyntheticCoincidences.Generate(3);
        var columns = SyntheticCoincidences.ToColumns(rows);
        int i = Array.FindIndex(columns, c => c.Field.Name == "module");
        // Extra column and different order must not matter either.
        columns[i] = (new DataField<int?>("module", nullable: true), new int?[] { 0, 1, 5 });
        SyntheticCoincidences.WriteRaw(path, [(new DataField<int>("extra", nullable: false), new int[3]), .. columns.Reverse()]);
        var read = ReadAll(path);
        Assert.Equal([(short)0, (short)1, (short)5], read.Select(r => r.Module));
        Assert.Equal(rows.Select(r => r.Slot), read.Select(r => r.Slot));

        columns[i] = (columns[i].Field, new int?[] { 0, null, 2 });
        SyntheticCoincidences.WriteRaw(path, columns);
        var error = ReadFails(path);
        Assert.Equal("module", error.Field);
        Assert.Contains("null", error.Rule);
    }

    [Fact]
    public void DetectionLogGivenAsCoincidenceLogNamesAMissingColumn()
    {
        var path = _dir.File("detections.parquet");
        using (var writer = new DetectionLogWriter(path, new Dictionary<string, string>(), 64))
        {
            foreach (var r in SyntheticDetections.Generate(10)) writer.Append(r);
            writer.Complete();
        }
        var error = ReadFails(path);
        Assert.Equal("slot", error.Field);
        Assert.Equal("required column missing", error.Rule);
    }
}
