using Microsoft.Data.Analysis;
using QkdNetSim.Data.Frames;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Experiments.Tables;

/// <summary>An experiment's results table is a DataFrame in memory and loads back as the same frame from its Parquet file.</summary>
public sealed class ResultTableTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static ResultTable Sample()
    {
        var t = new ResultTable("fig", "user", "distanceKm", "key", "ok");
        t.Add("A", 5, 1.25e-3, true);
        t.Add("B", 10L, double.NaN, false);
        return t;
    }

    [Fact]
    public void ToDataFrameTypesEachColumnFromItsValues()
    {
        var frame = Sample().ToDataFrame();
        Assert.Equal(["user", "distanceKm", "key", "ok"], frame.Columns.Select(c => c.Name));
        Assert.IsType<StringDataFrameColumn>(frame.Columns["user"]);
        Assert.IsType<DoubleDataFrameColumn>(frame.Columns["distanceKm"]); // integers become doubles, as in the Parquet file
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["ok"]);
        Assert.Equal(10.0, frame.Columns["distanceKm"][1]);
        Assert.Equal(1.25e-3, frame.Columns["key"][0]);
        Assert.Equal(false, frame.Columns["ok"][1]);
    }

    [Fact]
    public void TheWrittenParquetLoadsBackAsTheSameFrame()
    {
        var table = Sample();
        string path = _tmp.Sub("fig.parquet");
        ResultTableWriter.WriteParquet(table, path);
        var expected = table.ToDataFrame();
        var loaded = ParquetFrame.Load(path);
        Assert.Equal(expected.Columns.Select(c => c.Name), loaded.Columns.Select(c => c.Name));
        Assert.Equal(expected.Rows.Count, loaded.Rows.Count);
        for (int c = 0; c < expected.Columns.Count; c++)
            for (long r = 0; r < expected.Rows.Count; r++)
                Assert.Equal(expected.Columns[c][r], loaded.Columns[c][r]);
    }
}
