using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Core;
using QkdNetSim.Core.Records;
using QkdNetSim.Data.Frames;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Frames;

/// <summary>
/// Every log kind and a results table load as a DataFrame through one call, with a column selection and a row-group
/// range; the values are the rows the kinds' own readers return.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ParquetFrameTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string Run(string name, params string[] args)
    {
        string dir = _tmp.Sub(name);
        var r = CliRunner.Invoke(["run", .. args, "--out", dir, "--quiet"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return dir;
    }

    [Fact]
    public void ADetectionLogSliceLoadsWithTheSelectedColumnsAndTheRowsOfThoseRowGroups()
    {
        string log = Path.Combine(Run("access", "--duration", "0.02", "--set", "log.rowGroupSize=5000"), DetectionLogSchema.FileName);
        var groups = ParquetFrame.RowGroups(log);
        Assert.True(groups.Count >= 3, $"only {groups.Count} row groups");
        var records = new List<DetectionRecord>();
        using (var reader = DetectionLogReader.Open(log))
            foreach (var chunk in reader.ReadChunks()) records.AddRange(chunk.ToArray());

        var frame = ParquetFrame.Load(log, ["gate", "detector", "truth_cause"], firstRowGroup: 1, rowGroupCount: 2);
        Assert.Equal(["gate", "detector", "truth_cause"], frame.Columns.Select(c => c.Name));
        Assert.Equal(groups[1] + groups[2], frame.Rows.Count);
        var gate = (PrimitiveDataFrameColumn<long>)frame.Columns["gate"];
        var detector = (PrimitiveDataFrameColumn<int>)frame.Columns["detector"];
        var cause = (PrimitiveDataFrameColumn<int>)frame.Columns["truth_cause"];
        int offset = (int)groups[0];
        for (int i = 0; i < frame.Rows.Count; i++)
        {
            var r = records[offset + i];
            Assert.Equal(r.Gate, gate[i]);
            Assert.Equal(r.Detector, detector[i]);
            Assert.Equal((int)r.TruthCause, cause[i]);
        }
        Assert.Equal(0, gate.NullCount);
    }

    [Fact]
    public void EveryColumnOfACoincidenceAndACvLogLoadsInFileOrder()
    {
        string mdi = Path.Combine(Run("mdi", Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed002-four-user-mdi.yaml"), "--duration", "0.02"),
            CoincidenceLogSchema.FileName);
        var coincidences = ParquetFrame.Load(mdi);
        Assert.Equal(CoincidenceLogSchema.Columns.Select(c => c.Name), coincidences.Columns.Select(c => c.Name));
        long rows;
        using (var reader = CoincidenceLogReader.Open(mdi)) rows = reader.RowCount;
        Assert.Equal(rows, coincidences.Rows.Count);

        string cv = Path.Combine(Run("cv", Path.Combine(CliFiles.RepoRoot, "models", "networks", "seed000-three-node-cv.yaml"), "--set", "samples=3000"),
            CvSampleLogSchema.FileName);
        var samples = ParquetFrame.Load(cv, ["bob_x", "user"]);
        Assert.Equal(6000, samples.Rows.Count); // 3000 rounds x 2 Bobs
        var firstBobX = new List<double>();
        using (var reader = CvSampleLogReader.Open(cv))
            reader.ReadAll(chunk => firstBobX.AddRange(chunk.BobX.ToArray()));
        var bobX = (PrimitiveDataFrameColumn<double>)samples.Columns["bob_x"];
        for (int i = 0; i < firstBobX.Count; i++) Assert.Equal(firstBobX[i], bobX[i]);
    }

    [Fact]
    public async Task AResultsTableWithStringsBooleansAndNullsLoads()
    {
        string path = _tmp.Sub("table.parquet");
        var name = new DataField<string>("name");
        var ok = new DataField<bool>("ok");
        var value = new DataField<double?>("value");
        await using (var stream = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(name, ok, value), stream))
        using (var rg = writer.CreateRowGroup())
        {
            await rg.WriteAsync(name, new[] { "a", "b", "c" });
            await rg.WriteAsync<bool>(ok, new[] { true, false, true }.AsMemory());
            await rg.WriteAsync<double>(value, new double?[] { 1.5, null, -2 }.AsMemory());
        }
        var frame = ParquetFrame.Load(path);
        Assert.Equal(["a", "b", "c"], ((StringDataFrameColumn)frame.Columns["name"]).ToArray());
        Assert.Equal([true, false, true], ((BooleanDataFrameColumn)frame.Columns["ok"]).Select(b => b!.Value));
        var v = (PrimitiveDataFrameColumn<double>)frame.Columns["value"];
        Assert.Equal(1, v.NullCount);
        Assert.Equal(1.5, v[0]);
        Assert.Null(v[1]);
        Assert.Equal(-2.0, v[2]);
    }

    [Fact]
    public void EveryPublishedResultsTableLoadsWithItsRows()
    {
        var tables = Directory.GetFiles(Path.Combine(CliFiles.RepoRoot, "results"), "*.parquet", SearchOption.AllDirectories);
        Assert.NotEmpty(tables);
        foreach (string table in tables)
        {
            var frame = ParquetFrame.Load(table);
            Assert.True(frame.Columns.Count > 0, table);
            Assert.Equal(ParquetFrame.RowGroups(table).Sum(), frame.Rows.Count);
        }
    }

    [Fact]
    public void AnUnknownColumnABadRangeOrTooManyRowsIsOneInputError()
    {
        string log = Path.Combine(Run("bad", "--duration", "0.01", "--set", "log.rowGroupSize=5000"), DetectionLogSchema.FileName);
        int groups = ParquetFrame.RowGroups(log).Count;
        var e = Assert.Throws<InputError>(() => ParquetFrame.Load(log, ["gates"]));
        Assert.Equal("gates", e.Field);
        e = Assert.Throws<InputError>(() => ParquetFrame.Load(log, firstRowGroup: groups + 1));
        Assert.Equal("rowGroups", e.Field);
        e = Assert.Throws<InputError>(() => ParquetFrame.Load(log, maxRows: 10));
        Assert.Equal("rowGroups", e.Field);
        Assert.Contains("row-group range", e.Rule);
        e = Assert.Throws<InputError>(() => ParquetFrame.Load(_tmp.Write("x.parquet", "not parquet")));
        Assert.Equal("file", e.Field);
    }
}
