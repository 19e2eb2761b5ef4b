using System.Text;

namespace QkdNetSim.Data.Files;

/// <summary>
/// All-or-nothing file output: every file the simulator writes goes through here so that a crash, a full
/// disk or an exception never leaves a truncated result under the final name (a later analysis would
/// otherwise silently read half a run).
/// </summary>
public static class AtomicFile
{
    /// <summary>UTF-8 without byte-order mark: byte-identical output across platforms and tools.</summary>
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Starts writing <paramref name="path"/> under a temporary name in the same directory. Write to
    /// <see cref="AtomicFileWriter.Stream"/>, then call <see cref="AtomicFileWriter.Commit"/>; disposing
    /// without committing discards everything.
    /// </summary>
    public static AtomicFileWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new AtomicFileWriter(path);
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var file = Create(path);
        using (var writer = new StreamWriter(file.Stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true))
            writer.Write(text);
        file.Commit();
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }
}
