using System.Text;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Reads the text of a scenario or model file within <see cref="ScenarioLimits"/>: regular files only, checked before
/// anything is opened (opening a FIFO blocks, a device may never end), and at most
/// <see cref="ScenarioLimits.MaxFileBytes"/> bytes, checked before and while reading. Text is decoded as
/// <see cref="File.ReadAllText(string)"/> does (UTF-8, byte-order marks honoured).
/// </summary>
public static class ScenarioFileText
{
    /// <summary>
    /// The text at <paramref name="path"/>. Problems are <see cref="InputError"/>s on (<paramref name="errorFile"/>,
    /// <paramref name="field"/>), with <paramref name="what"/> (e.g. "scenario file" or "model file 'x.yaml'") leading the
    /// rule; <paramref name="notFound"/> is the rule for a missing file, <paramref name="emptyHint"/> ends the rule for a file
    /// without content. Reading is the file's only side effect; nothing is written.
    /// </summary>
    public static string Read(string path, string errorFile, string field, string what, string notFound, string emptyHint = "")
    {
        var kind = FileKinds.Of(path);
        switch (kind)
        {
            case FileKind.Missing:
                throw new InputError(errorFile, field, notFound);
            case FileKind.Regular or FileKind.Unknown:
                break;
            default:
                throw new InputError(errorFile, field, $"{what} is {FileKinds.Describe(kind)}, not a regular file");
        }

        byte[] bytes;
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > ScenarioLimits.MaxFileBytes) throw TooLarge(errorFile, field, what);
            // Read at most one byte past the limit: a file that grows, or reports no length (/proc), is still bounded.
            bytes = new byte[(int)Math.Min(ScenarioLimits.MaxFileBytes + 1, stream.CanSeek ? stream.Length + 1 : ScenarioLimits.MaxFileBytes + 1)];
            length = 0;
            while (true)
            {
                if (length == bytes.Length)
                {
                    if (length > ScenarioLimits.MaxFileBytes) throw TooLarge(errorFile, field, what);
                    Array.Resize(ref bytes, (int)Math.Min(ScenarioLimits.MaxFileBytes + 1, 2L * bytes.Length + 4096));
                }
                int n = stream.Read(bytes, length, bytes.Length - length);
                if (n == 0) break;
                length += n;
            }
            if (length > ScenarioLimits.MaxFileBytes) throw TooLarge(errorFile, field, what);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputError(errorFile, field, $"{what} cannot be read: {OneLine(ex.Message)}", ex);
        }

        using var reader = new StreamReader(new MemoryStream(bytes, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        string text = reader.ReadToEnd();
        // A file without a single key would silently become a scenario (or model) of class defaults: almost surely a
        // mistake (a truncated copy, the wrong file), so it is refused. Text given in memory may be empty.
        if (YamlTreeReader.IsEmpty(text))
            throw new InputError(errorFile, field, $"{what} is empty (no keys, only blank lines or comments){emptyHint}");
        return text;
    }

    private static InputError TooLarge(string errorFile, string field, string what) =>
        new(errorFile, field, $"{what} is larger than {ScenarioLimits.Bytes(ScenarioLimits.MaxFileBytes)}, the limit for scenario and model files");

    private static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
}
