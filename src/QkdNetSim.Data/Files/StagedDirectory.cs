using System.Diagnostics;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Files;

/// <summary>
/// An output directory that holds exactly one run. <see cref="Open"/> takes the directory's lock (an exclusive OS lock on
/// <see cref="LockFileName"/>, which the kernel releases when the process dies, so a killed run never blocks the next one)
/// and creates a hidden staging folder inside it; the run writes its files there (<see cref="PathFor"/>), and
/// <see cref="Publish"/> moves them into the directory as one unit that replaces the earlier run's files. Disposing without
/// publishing (an exception, bad input found during the run) deletes the staging folder and leaves the earlier run's
/// files untouched.
/// </summary>
/// <remarks>
/// A crash (SIGKILL, power cut) mid-run leaves a staging folder behind: the next run into the directory removes it and never
/// publishes it. Every problem with the directory itself (empty path, a plain file, cannot be created or written, in use by
/// another run) is an <see cref="InputError"/> naming it, field <c>--out</c>. Not thread-safe.
/// </remarks>
public sealed class StagedDirectory : IDisposable
{
    /// <summary>The lock file kept in every output directory (empty; holding it open with FileShare.None is the lock).</summary>
    public const string LockFileName = ".qkdnetsim.lock";

    /// <summary>Staging folders are named <c>.staging-&lt;pid&gt;-&lt;random&gt;</c>.</summary>
    public const string StagingPrefix = ".staging-";

    /// <summary>The option a user names the directory with, the field of every error about it.</summary>
    public const string Field = "--out";

    private readonly FileStream _lock;
    private readonly bool _createdDirectory;
    private bool _published;
    private bool _disposed;

    private StagedDirectory(string path, string stagingPath, FileStream lockStream, bool createdDirectory)
    {
        Path = path;
        StagingPath = stagingPath;
        _lock = lockStream;
        _createdDirectory = createdDirectory;
    }

    /// <summary>The output directory, as given.</summary>
    public string Path { get; }

    /// <summary>The hidden staging folder inside <see cref="Path"/> that this run writes to.</summary>
    public string StagingPath { get; }

    /// <summary>
    /// Creates <paramref name="directory"/> if needed, locks it against other runs, removes staging folders left by dead
    /// runs and creates this run's staging folder. Call it only after the input has been validated: it creates the directory.
    /// </summary>
    public static StagedDirectory Open(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new InputError("command line", Field, "must name a directory, got an empty path");
        if (directory.Contains('\0'))
            throw new InputError("command line", Field, "contains a NUL character");
        if (File.Exists(directory))
            throw new InputError(directory, Field, "is a file, not a directory; choose a directory (it is created if missing)");

        if (FileAmongParents(directory) is string parent)
            throw new InputError(directory, Field, $"cannot create the directory: {parent} is a file, not a directory");
        bool created = !Directory.Exists(directory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputError(directory, Field, $"cannot create the directory ({Reason(e)})");
        }

        FileStream? lockStream = null;
        try
        {
            lockStream = TakeLock(directory);
            RemoveAbandonedStaging(directory);
            string staging = System.IO.Path.Combine(directory, $"{StagingPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}");
            try
            {
                Directory.CreateDirectory(staging);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputError(directory, Field, $"cannot write into the directory ({Reason(e)})");
            }
            return new StagedDirectory(directory, staging, lockStream, created);
        }
        catch
        {
            ReleaseAndTidy(directory, lockStream, created);
            throw;
        }
    }

    /// <summary>Where the run writes <paramref name="fileName"/> (a plain file name) before it is published.</summary>
    public string PathFor(string fileName)
    {
        RequirePlainName(fileName);
        return System.IO.Path.Combine(StagingPath, fileName);
    }

    /// <summary>
    /// Publishes the staged <paramref name="files"/> (plain names, in this order; the last one is the index that describes the
    /// others, e.g. summary.json) into <see cref="Path"/>, replacing the earlier run: first the earlier index is deleted, then
    /// every name in <paramref name="replaces"/> that this run does not produce (an earlier run's outputs that would otherwise
    /// be read as this run's), then the files are moved in order, the index last. A crash at any point leaves either the
    /// earlier run, or files without an index, or this run complete: never an index next to files it does not describe.
    /// </summary>
    public void Publish(IReadOnlyList<string> files, IEnumerable<string> replaces)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(replaces);
        if (_published) throw new InvalidOperationException($"{StagingPath}: already published");
        if (files.Count == 0) throw new ArgumentException("nothing to publish", nameof(files));
        foreach (string f in files)
        {
            RequirePlainName(f);
            if (!File.Exists(PathFor(f))) throw new InvalidOperationException($"{f} was not staged in {StagingPath}");
        }
        var stale = replaces.Where(r => !files.Contains(r)).ToArray();
        foreach (string r in stale) RequirePlainName(r);
        try
        {
            DeleteIfExists(System.IO.Path.Combine(Path, files[^1]));
            foreach (string r in stale) DeleteIfExists(System.IO.Path.Combine(Path, r));
            foreach (string f in files)
                File.Move(PathFor(f), System.IO.Path.Combine(Path, f), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError(Path, Field, $"cannot publish the run's files ({Reason(e)})");
        }
        _published = true;
        TryDeleteDirectory(StagingPath);
    }

    /// <summary>Deletes the staging folder unless <see cref="Publish"/> succeeded, and releases the lock.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_published) TryDeleteDirectory(StagingPath);
        ReleaseAndTidy(Path, _lock, _createdDirectory && !_published);
    }

    /// <summary>
    /// The user-facing rule for a write that failed because of where the output goes (a full or read-only file system, a
    /// quota, a file-size limit), or null for any other failure (a bug, which stays an internal error).
    /// </summary>
    public static string? StorageFailure(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Unix errno values (.NET reports an unmapped errno as the HResult) and their Windows counterparts.
        const int Efbig = 27, Enospc = 28, Erofs = 30, Edquot = 122;
        const int ErrorHandleDiskFull = unchecked((int)0x80070027), ErrorDiskFull = unchecked((int)0x80070070),
            ErrorWriteProtect = unchecked((int)0x80070013);
        return e.HResult switch
        {
            Enospc or ErrorHandleDiskFull or ErrorDiskFull => "no space left on the device; free some or choose another directory",
            Edquot => "disk quota exceeded; free some space or choose another directory",
            Erofs or ErrorWriteProtect => "read-only file system; choose a writable directory",
            Efbig => "file too large for this file system; choose another directory or a shorter run",
            _ => null,
        };
    }

    /// <summary>True when <paramref name="name"/> (a folder name) is a staging folder whose owning process is no longer running.</summary>
    public static bool IsAbandoned(string name)
    {
        if (!name.StartsWith(StagingPrefix, StringComparison.Ordinal)) return false;
        string rest = name[StagingPrefix.Length..];
        int dash = rest.IndexOf('-');
        if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), out int pid)) return true; // not ours to keep: no owner recorded
        // Only the lock holder calls this, so a staging folder of this very process belongs to an earlier, finished run.
        return pid == Environment.ProcessId || !IsRunning(pid);
    }

    /// <summary>The nearest existing parent of <paramref name="directory"/> when it is a plain file (the directory cannot exist).</summary>
    private static string? FileAmongParents(string directory)
    {
        string? full;
        try { full = System.IO.Path.GetFullPath(directory); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return null; }
        for (string? p = System.IO.Path.GetDirectoryName(full.TrimEnd(System.IO.Path.DirectorySeparatorChar)); p is not null; p = System.IO.Path.GetDirectoryName(p))
        {
            if (Directory.Exists(p)) return null;
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static FileStream TakeLock(string directory)
    {
        string path = System.IO.Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None: an exclusive lock (flock on Unix, a share mode on Windows), released by the kernel when the
            // process exits however it exits. The file itself stays: deleting a lock file races with a run that has opened it.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (File.Exists(path) && !Directory.Exists(path) && IsSharingViolation(e))
        {
            throw new InputError(directory, Field, $"in use by another run (it holds {LockFileName}); wait for it to finish or choose another directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputError(directory, Field, $"cannot write into the directory ({Reason(e)})");
        }
    }

    private static bool IsSharingViolation(IOException e)
    {
        const int ErrorSharingViolation = unchecked((int)0x80070020), ErrorLockViolation = unchecked((int)0x80070021);
        // On Unix .NET reports a lock held elsewhere (EWOULDBLOCK from flock) as the Windows sharing violation.
        return e.HResult is ErrorSharingViolation or ErrorLockViolation or 11 /* EAGAIN/EWOULDBLOCK */;
    }

    private static void RemoveAbandonedStaging(string directory)
    {
        foreach (string dir in Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
            if (IsAbandoned(System.IO.Path.GetFileName(dir)))
                TryDeleteDirectory(dir);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Releases the lock; for a directory this run created and leaves without output, removes it again.</summary>
    private static void ReleaseAndTidy(string directory, FileStream? lockStream, bool removeDirectory)
    {
        if (removeDirectory && lockStream is not null)
        {
            // Unlink while still holding the lock: a run that opened the file meanwhile fails to lock it ("in use").
            try { File.Delete(System.IO.Path.Combine(directory, LockFileName)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        lockStream?.Dispose();
        if (!removeDirectory) return;
        try { Directory.Delete(directory, recursive: false); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // not empty: someone else's now
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a staging folder is hidden, never published, and removed by the next run.
        }
    }

    private static void RequirePlainName(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (System.IO.Path.GetFileName(fileName) != fileName || fileName is "." or ".." || fileName.StartsWith('.'))
            throw new ArgumentException($"'{fileName}' is not a plain, visible file name", nameof(fileName));
    }

    /// <summary>The operating system's reason, on one line.</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim(),
    };
}
