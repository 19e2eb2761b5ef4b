using System.Runtime.CompilerServices;
using Parquet;
using QkdNetSim.Data.Files;
using static QkdNetSim.Data.Log.CvSampleLogSchema;

namespace QkdNetSim.Data.Log;

/// <summary>
/// Streams CV samples into <c>cv_samples.parquet</c> (<see cref="CvSampleLogSchema"/>), built like
/// <see cref="CoincidenceLogWriter"/>: preallocated column arrays flushed as one row group when full (no allocation per
/// row), content hash in the footer, all-or-nothing output through <see cref="AtomicFile"/> (the final name appears only
/// after <see cref="Complete"/>; Dispose without Complete deletes the temporary file). Not thread-safe.
/// </summary>
public sealed class CvSampleLogWriter : IDisposable
{
    /// <summary>Default rows per row group (40 bytes/row of buffers: 40 MB).</summary>
    public const int DefaultRowGroupSizeRows = 1 << 20;

    private readonly AtomicFileWriter _file;
    private readonly ParquetWriter _parquet;
    private readonly int _capacity;
    private long[] _round;
    private int[] _user;
    private double[] _ax, _ap, _bx, _bp;
    private int _buffered;
    private long _flushed;
    private CvSampleContentHash _hash = CvSampleContentHash.Create();
    private bool _completed, _failed, _disposed;

    public CvSampleLogWriter(string path, IReadOnlyDictionary<string, string> metadata, int rowGroupSizeRows = DefaultRowGroupSizeRows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupSizeRows, 1);
        Path = path;
        _capacity = rowGroupSizeRows;
        _round = new long[rowGroupSizeRows];
        _user = new int[rowGroupSizeRows];
        _ax = new double[rowGroupSizeRows];
        _ap = new double[rowGroupSizeRows];
        _bx = new double[rowGroupSizeRows];
        _bp = new double[rowGroupSizeRows];
        _file = AtomicFile.Create(path);
        try
        {
            _parquet = SyncOverAsync.Run(() => ParquetWriter.CreateAsync(Schema, _file.Stream, CreateWriterOptions()));
            _parquet.CustomMetadata = Sorted(metadata);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public long RowsAppended => _flushed + _buffered;

    /// <summary>Sets (or replaces) a footer metadata entry before <see cref="Complete"/>.</summary>
    public void SetMetadata(string key, string value)
    {
        ThrowIfNotOpen();
        var merged = new Dictionary<string, string>(_parquet.CustomMetadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [key] = value,
        };
        _parquet.CustomMetadata = Sorted(merged);
    }

    /// <summary>Buffers one row (no allocation; every RowGroupSize-th call encodes a row group).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(long round, int user, double aliceX, double aliceP, double bobX, double bobP)
    {
        ThrowIfNotOpen();
        if (user < 0) throw new ArgumentOutOfRangeException(nameof(user), "user index must be >= 0");
        int i = _buffered;
        _round[i] = round;
        _user[i] = user;
        _ax[i] = aliceX;
        _ap[i] = aliceP;
        _bx[i] = bobX;
        _bp[i] = bobP;
        _hash.Add(round, user, aliceX, aliceP, bobX, bobP);
        _buffered = ++i;
        if (i == _capacity) Flush();
    }

    /// <summary>Appends one user's rows of a generated block: rounds firstRound .. firstRound + n - 1.</summary>
    public void AppendBlock(long firstRound, int user, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP,
        ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
    {
        for (int r = 0; r < aliceX.Length; r++) Append(firstRound + r, user, aliceX[r], aliceP[r], bobX[r], bobP[r]);
    }

    /// <summary>Flushes, writes the footer with the content hash and moves the file to its final name.</summary>
    public void Complete()
    {
        ThrowIfNotOpen();
        try
        {
            if (_buffered > 0) Flush();
            SetMetadata(CvSampleContentHash.MetadataKey, _hash.ToMetadataValue());
            SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask());
            _file.Commit();
            _completed = true;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_completed)
        {
            try { SyncOverAsync.Run(() => _parquet.DisposeAsync().AsTask()); }
            catch (Exception) { /* discarding anyway */ }
            _file.Dispose();
        }
        _round = []; _user = []; _ax = _ap = _bx = _bp = [];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Flush()
    {
        try
        {
            SyncOverAsync.Run(async () =>
            {
                int n = _buffered;
                using var rg = _parquet.CreateRowGroup();
                await rg.WriteAsync<long>(RoundField, _round.AsMemory(0, n)).ConfigureAwait(false);
                await rg.WriteAsync<int>(UserField, _user.AsMemory(0, n)).ConfigureAwait(false);
                await rg.WriteAsync<double>(AliceXField, _ax.AsMemory(0, n)).ConfigureAwait(false);
                await rg.WriteAsync<double>(AlicePField, _ap.AsMemory(0, n)).ConfigureAwait(false);
                await rg.WriteAsync<double>(BobXField, _bx.AsMemory(0, n)).ConfigureAwait(false);
                await rg.WriteAsync<double>(BobPField, _bp.AsMemory(0, n)).ConfigureAwait(false);
                rg.CompleteValidate();
            });
        }
        catch
        {
            _failed = true;
            throw;
        }
        _flushed += _buffered;
        _buffered = 0;
    }

    private void ThrowIfNotOpen()
    {
        if (_disposed || _completed || _failed)
            throw new InvalidOperationException($"{Path}: CV sample log is {(_completed ? "completed" : _failed ? "failed" : "disposed")}");
    }

    private static Dictionary<string, string> Sorted(IReadOnlyDictionary<string, string> metadata)
    {
        var sorted = new Dictionary<string, string>(metadata.Count, StringComparer.Ordinal);
        foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
            sorted.Add(key, metadata[key] ?? throw new ArgumentException($"metadata value of '{key}' is null"));
        return sorted;
    }
}
