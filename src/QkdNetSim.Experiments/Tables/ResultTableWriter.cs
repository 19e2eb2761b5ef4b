using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Experiments.Tables;

/// <summary>Writes a <see cref="ResultTable"/> as a one-row-group Parquet file (atomically) or as a Markdown table.</summary>
public static class ResultTableWriter
{
    public static void WriteParquet(ResultTable table, string path)
    {
        var fields = new List<DataField>();
        foreach (var name in table.ColumnNames)
        {
            var first = table.Column(name).FirstOrDefault();
            fields.Add(first is string ? new DataField<string>(name) : first is bool ? new DataField<bool>(name) : new DataField<double>(name));
        }
        var schema = new ParquetSchema(fields.ToArray<Field>());
        using var file = AtomicFile.Create(path);
        WriteAsync(table, schema, fields, file.Stream).GetAwaiter().GetResult();
        file.Commit();
    }

    private static async Task WriteAsync(ResultTable table, ParquetSchema schema, List<DataField> fields, Stream stream)
    {
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream))
        {
            using var rg = writer.CreateRowGroup();
            for (int i = 0; i < fields.Count; i++)
            {
                var col = table.Column(fields[i].Name);
                switch (fields[i])
                {
                    case DataField<string>:
                        await rg.WriteAsync(fields[i], col.Select(v => v.ToString() ?? "").ToArray(), null);
                        break;
                    case DataField<bool>:
                        await rg.WriteAsync<bool>(fields[i], col.Select(v => (bool)v).ToArray().AsMemory());
                        break;
                    default:
                        await rg.WriteAsync<double>(fields[i], col.Select(Convert.ToDouble).ToArray().AsMemory());
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
