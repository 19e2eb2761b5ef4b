using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Tests.Experiments.Tables;

public sealed class ResultTableReaderTests
{
    [Fact]
    public void A_written_table_reads_back_with_its_name_columns_and_values_numbers_as_doubles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "qkdnetsim-tablereader-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var t = new ResultTable("fig_test", "pair", "users", "rateBitPerS", "withinTolerance");
            t.Add("AB", 4, 267.5, true);
            t.Add("CD", 16, double.NaN, false);
            ResultTableWriter.WriteParquet(t, Path.Combine(dir, "fig_test.parquet"));
            var back = ResultTableReader.Read(dir, "fig_test");
            Assert.Equal("fig_test", back.Name);
            Assert.Equal(t.ColumnNames, back.ColumnNames);
            Assert.Equal(["AB", "CD"], back.Column("pair").Cast<string>());
            Assert.Equal([4.0, 16.0], back.Column("users").Cast<double>()); // an int column comes back as the double it was written as
            Assert.Equal(267.5, back.Doubles("rateBitPerS")[0]);
            Assert.True(double.IsNaN(back.Doubles("rateBitPerS")[1]));
            Assert.Equal([true, false], back.Column("withinTolerance").Cast<bool>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
