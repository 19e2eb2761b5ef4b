using Parquet;
using Parquet.Schema;

namespace QkdNetSim.Tests.Data.Log;

/// <summary>
/// Writes arbitrary columns with Parquet.Net directly, bypassing the log writer, to imitate files from other tools or
/// from a lab: columns may be missing, extra, reordered, mistyped or nullable, and values out of range.
/// </summary>
public static class RawParquet
{
    /// <summary>
    /// Writes <paramref name="columns"/> (long[], int[], int?[], long?[] or double[] values, all of one length) as row groups of
    /// <paramref name="rowGroupSizeRows"/> rows, or as one row group when it is null.
    /// </summary>
    public static void Write(string path, (DataField Field, Array Values)[] columns,
        IReadOnlyDictionary<string, string>? metadata = null, int? rowGroupSizeRows = null)
    {
        int rows = columns[0].Values.Length;
        int groupRows = rowGroupSizeRows ?? rows;
        int groups = rowGroupSizeRows is null ? 1 : (rows + groupRows - 1) / groupRows;
        File.Delete(path);
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field)), stream)
            .GetAwaiter().GetResult();
        if (metadata != null) writer.CustomMetadata = metadata.ToDictionary();
        for (int g = 0; g < groups; g++)
        {
            int from = g * groupRows, count = Math.Min(groupRows, rows - from);
            using var group = writer.CreateRowGroup();
            foreach (var (field, values) in columns)
            {
                var task = values switch
                {
                    long[] v => group.WriteAsync<long>(field, v.AsMemory(from, count)),
                    int[] v => group.WriteAsync<int>(field, v.AsMemory(from, count)),
                    int?[] v => group.WriteAsync<int>(field, (ReadOnlyMemory<int?>)v.AsMemory(from, count)),
                    long?[] v => group.WriteAsync<long>(field, (ReadOnlyMemory<long?>)v.AsMemory(from, count)),
                    double[] v => group.WriteAsync<double>(field, v.AsMemory(from, count)),
                    _ => throw new ArgumentException(values.GetType().Name),
                };
                task.GetAwaiter().GetResult();
            }
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
