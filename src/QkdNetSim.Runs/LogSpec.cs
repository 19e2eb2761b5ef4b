namespace QkdNetSim.Runs;

/// <summary>The `log:` mapping every network kind's scenario has: whether to write the kind's Parquet log, and its row-group size.</summary>
public sealed class LogSpec
{
    /// <summary>Write the kind's log (DIR/detections.parquet, coincidences.parquet, ...); the --no-log flag sets this to false.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Rows per Parquet row group (the column buffers flush at this size; memory stays flat).</summary>
    public int RowGroupSize { get; set; } = 1 << 20;
}
