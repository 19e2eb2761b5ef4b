using System.Runtime.InteropServices;

namespace QkdNetSim.Data.Files;

/// <summary>What a path names, as far as an input reader cares.</summary>
public enum FileKind
{
    /// <summary>Nothing at the path (or a broken symbolic link).</summary>
    Missing,
    /// <summary>A regular file (possibly reached through symbolic links): the only kind an input is read from.</summary>
    Regular,
    Directory,
    /// <summary>A named pipe (FIFO): opening it for reading blocks until a writer appears.</summary>
    Fifo,
    /// <summary>A character device such as /dev/zero or /dev/null.</summary>
    CharacterDevice,
    BlockDevice,
    Socket,
    /// <summary>The type could not be determined (stat failed for another reason than absence).</summary>
    Unknown,
}

/// <summary>
/// Tells a regular file from a directory, device, FIFO or socket WITHOUT opening it: opening a FIFO blocks until a
/// writer appears, and /dev/zero never ends, so an input reader must know the kind before it opens anything.
/// .NET's FileAttributes report such entries as "Normal" on Unix, so the type is read with stat(2) through the
/// runtime's own native shim (libSystem.Native, shipped with every .NET runtime on Linux and macOS).
/// </summary>
public static partial class FileKinds
{
    /// <summary>The kind of the entry at <paramref name="path"/>, following symbolic links.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows()) return OfWindows(path);
        try
        {
            return OfUnix(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No shim: directories and absence can still be told apart; anything else is read as before.
            if (Directory.Exists(path)) return FileKind.Directory;
            return File.Exists(path) ? FileKind.Unknown : FileKind.Missing;
        }
    }

    /// <summary>Lower-case description for error messages ("a directory", "a named pipe (FIFO)", ...).</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing (no such file)",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a file of unknown type",
    };

    private static FileKind OfWindows(string path)
    {
        if (Directory.Exists(path)) return FileKind.Directory;
        if (!File.Exists(path)) return FileKind.Missing;
        return (File.GetAttributes(path) & FileAttributes.Device) != 0 ? FileKind.CharacterDevice : FileKind.Regular;
    }

    // The shim's FileStatus struct starts { int32 Flags; int32 Mode; ... } with Mode's file-type bits normalised to the
    // POSIX values below on every platform. The buffer is far larger than the struct so that a future field cannot
    // overrun it.
    private const int TypeMask = 0xF000, Fifo = 0x1000, Chr = 0x2000, Dir = 0x4000, Blk = 0x6000, Reg = 0x8000, Sock = 0xC000;

    private static FileKind OfUnix(string path)
    {
        var status = new int[64];
        if (SystemNativeStat(path, status) != 0)
        {
            // stat failed: absent (ENOENT, ENOTDIR, a dangling link) or not determinable (EACCES, ELOOP, ...).
            return File.Exists(path) || Directory.Exists(path) ? FileKind.Unknown : FileKind.Missing;
        }
        return (status[1] & TypeMask) switch
        {
            Reg => FileKind.Regular,
            Dir => FileKind.Directory,
            Fifo => FileKind.Fifo,
            Chr => FileKind.CharacterDevice,
            Blk => FileKind.BlockDevice,
            Sock => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SystemNativeStat(string path, [Out] int[] status);
}
