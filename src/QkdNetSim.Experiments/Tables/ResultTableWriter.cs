using System.Globalization;
using System.Text;
using Parquet;
using Microsoft.Data.Analysis;
using Parquet.Schema;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Experiments.Tables;

/// <summary>Writes a <see cref="ResultTable"/> as a one-row-group Parquet file (atomically) or as a Markdown table.</summary>
public static class ResultTableWriter
{
    public static void WriteParquet(ResultTable table, string path)
    {
        // The table's DataFrame is what goes to disk: one Parquet column per frame column, of the frame column's type.
        var frame = table.ToDataFrame();
        var fields = frame.Columns.Select(c => c switch
        {
            StringDataFrameColumn => (DataField)new DataField<string>(c.Name),
            BooleanDataFrameColumn => new DataField<bool>(c.Name),
            _ => new DataField<double>(c.Name),
        }).ToList();
        var schema = new ParquetSchema(fields.ToArray<Field>());
        using var file = AtomicFile.Create(path);
        WriteAsync(frame, schema, fields, file.Stream).GetAwaiter().GetResult();
        file.Commit();
    }

    private static async Task WriteAsync(DataFrame frame, ParquetSchema schema, List<DataField> fields, Stream stream)
    {
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var rg = writer.CreateRowGroup();
            for (int i = 0; i < fields.Count; i++)
            {
                switch (frame.Columns[i])
                {
                    case StringDataFrameColumn strings:
                        await rg.WriteAsync(fields[i], strings.Select(v => v ?? "").ToArray(), null);
                        break;
                    case BooleanDataFrameColumn bools:
                        await rg.WriteAsync<bool>(fields[i], bools.Select(v => v!.Value).ToArray().AsMemory());
                        break;
                    case DoubleDataFrameColumn doubles:
                        await rg.WriteAsync<double>(fields[i], doubles.Select(v => v!.Value).ToArray().AsMemory());
                        break;
                }
            }
        }
    }

    public static string ToMarkdown(ResultTable table, Func<string, object, string>? format = null)
    {
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", table.ColumnNames)).AppendLine(" |");
        sb.Append("|").Append(string.Concat(table.ColumnNames.Select(_ => "---:|"))).AppendLine();
        for (int r = 0; r < table.RowCount; r++)
        {
            var cells = table.ColumnNames.Select(c =>
            {
                object v = table.Column(c)[r];
                return format?.Invoke(c, v) ?? Default(v);
            });
            sb.Append("| ").Append(string.Join(" | ", cells)).AppendLine(" |");
        }
        return sb.ToString();
    }

    private static string Default(object v) => v switch
    {
        double d => Math.Abs(d) >= 1e5 || (Math.Abs(d) < 1e-3 && d != 0) ? d.ToString("0.###e+0", CultureInfo.InvariantCulture) : d.ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
