namespace QkdNetSim.Data.Files;

/// <summary>
/// A file being written under a temporary name next to its final name. Readers never see a half-written
/// file: the final name only appears, complete, when <see cref="Commit"/> renames the temporary file over it
/// (a rename within one directory is atomic on POSIX and NTFS). Disposing without committing deletes the
/// temporary file, so an exception or an interrupted run leaves the previous output (if any) untouched.
/// </summary>
/// <remarks>Create instances with <see cref="AtomicFile.Create"/>. Not thread-safe.</remarks>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;
    private bool _disposed;

    internal AtomicFileWriter(string finalPath)
    {
        FinalPath = finalPath;
        // Same directory as the final file so the rename never crosses a file system.
        TempPath = finalPath + ".tmp-" + Guid.NewGuid().ToString("N")[..12];
        // CreateNew: never clobber another writer's temporary file. 1 MiB buffer: Parquet pages are written in
        // large pieces anyway; a big buffer keeps small header/footer writes from becoming syscalls.
        _stream = new FileStream(TempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 20);
    }

    /// <summary>Path the content will have after <see cref="Commit"/>.</summary>
    public string FinalPath { get; }

    /// <summary>Temporary path being written now (<c>FinalPath + ".tmp-" + random</c>).</summary>
    public string TempPath { get; }

    /// <summary>Writable, seekable stream onto the temporary file. Do not dispose it; this object owns it.</summary>
    public Stream Stream
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _stream;
        }
    }

    /// <summary>
    /// Flushes the content to disk and renames the temporary file to <see cref="FinalPath"/>, replacing any
    /// existing file. On failure the temporary file is deleted and the exception propagates.
    /// </summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) throw new InvalidOperationException($"{FinalPath}: already committed");
        try
        {
            // flushToDisk: the rename must not reach the disk before the data does, or a power cut could leave
            // a complete-looking name over incomplete content.
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(TempPath, FinalPath, overwrite: true);
            _committed = true;
        }
        finally
        {
            if (!_committed) Abandon();
            _disposed = true;
        }
    }

    /// <summary>Deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_committed) Abandon();
    }

    private void Abandon()
    {
        _stream.Dispose();
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
            // Best effort: the temporary name never collides with a real output, so a leftover is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
