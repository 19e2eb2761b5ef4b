using Parquet.Schema;

namespace QkdNetSim.Data.Log;

/// <summary>Physical type of a log column (the Parquet physical type; no logical annotations, every reader knows them).</summary>
public enum LogColumnType
{
    Int32,
    Int64,
    Double,
}

/// <summary>
/// One column of a log contract: its public name (what pandas, polars or DuckDB select), physical type, the value range
/// the reader accepts and the writer enforces (integer columns), whether it is ground truth (optional on read: a lab log
/// has none; then every row gets <see cref="MissingValue"/>), and whether it is delta-binary-packed on disk.
/// </summary>
public sealed record LogColumn(string Name, LogColumnType Type, long Min = long.MinValue, long Max = long.MaxValue,
    bool IsTruth = false, long MissingValue = 0, bool DeltaEncoded = true)
{
    /// <summary>The non-nullable Parquet field written for this column.</summary>
    public DataField Field { get; } = Type switch
    {
        LogColumnType.Int32 => new DataField<int>(Name, nullable: false),
        LogColumnType.Int64 => new DataField<long>(Name, nullable: false),
        LogColumnType.Double => new DataField<double>(Name, nullable: false),
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "unknown column type"),
    };

    /// <summary>True when the range is narrower than the physical type's, so values must be checked.</summary>
    public bool HasRange => Type switch
    {
        LogColumnType.Int32 => Min > int.MinValue || Max < int.MaxValue,
        LogColumnType.Int64 => Min > long.MinValue || Max < long.MaxValue,
        _ => false,
    };

    /// <summary>"int32", "int64" or "double", as error messages name the type.</summary>
    public string TypeName => Type switch { LogColumnType.Int32 => "int32", LogColumnType.Int64 => "int64", _ => "double" };

    public static LogColumn Int32(string name, long min = int.MinValue, long max = int.MaxValue, bool truth = false, long missing = 0) =>
        new(name, LogColumnType.Int32, min, max, truth, missing);

    public static LogColumn Int64(string name, long min = long.MinValue, long max = long.MaxValue) =>
        new(name, LogColumnType.Int64, min, max);

    public static LogColumn Double(string name, bool delta = false) => new(name, LogColumnType.Double, DeltaEncoded: delta);
}
