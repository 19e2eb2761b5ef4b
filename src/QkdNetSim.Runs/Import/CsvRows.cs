using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// A streamed CSV file of the import formats: a header line naming the columns (order free, names exact, extra columns
/// ignored), then one record per line; fields are plain (no quotes, no embedded commas), blank lines and lines starting
/// with '#' are skipped. One line is held at a time (bounded memory whatever the file's size). Every problem is one
/// <see cref="InputError"/> naming the file, the column and the line number (1 = the header).
/// </summary>
public sealed class CsvRows : IDisposable
{
    private readonly StreamReader _reader;
    private readonly int[] _columnIndex;
    private readonly string[] _columns;
    private readonly int[] _start, _length;
    private string _line = "";

    private CsvRows(string path, StreamReader reader, string[] required, string[] optional)
    {
        Path = path;
        _reader = reader;
        string? header = NextContentLine();
        if (header is null) throw new InputError(path, "header", $"the file is empty; expected a header line: {string.Join(",", required)}");
        var names = header.Split(',').Select(n => n.Trim()).ToArray();
        _columns = required.Concat(optional).ToArray();
        _columnIndex = new int[_columns.Length];
        for (int c = 0; c < _columns.Length; c++)
        {
            _columnIndex[c] = Array.IndexOf(names, _columns[c]);
            if (_columnIndex[c] < 0 && c < required.Length)
                throw new InputError(path, _columns[c], $"line {LineNumber}: the header has no column '{_columns[c]}' (expected {string.Join(",", required)}, got {header})");
        }
        HeaderColumns = names;
        _start = new int[names.Length];
        _length = new int[names.Length];
    }

    /// <summary>Opens <paramref name="path"/> and reads its header; a missing file or required column is an input error.</summary>
    public static CsvRows Open(string path, string[] required, string[]? optional = null)
    {
        var reader = OpenText(path);
        try
        {
            return new CsvRows(path, reader, required, optional ?? []);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The first content line of a CSV file (its header), or null when it has none; for telling file formats apart.</summary>
    public static string[]? PeekHeader(string path)
    {
        using var reader = OpenText(path);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var t = line.Trim();
            if (t.Length > 0 && t[0] != '#') return t.Split(',').Select(n => n.Trim()).ToArray();
        }
        return null;
    }

    private static StreamReader OpenText(string path)
    {
        if (Directory.Exists(path)) throw new InputError(path, "file", "is a directory, not a file");
        try
        {
            return new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), detectEncodingFromByteOrderMarks: true);
        }
        catch (FileNotFoundException) { throw new InputError(path, "file", "not found"); }
        catch (DirectoryNotFoundException) { throw new InputError(path, "file", "not found"); }
        catch (UnauthorizedAccessException) { throw new InputError(path, "file", "cannot be read (permission denied)"); }
    }

    public string Path { get; }

    /// <summary>The header's column names.</summary>
    public IReadOnlyList<string> HeaderColumns { get; }

    /// <summary>Line number of the current record (1-based, the header is line 1 unless comments precede it).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Whether optional column <paramref name="c"/> (index in required + optional) is in the header.</summary>
    public bool Has(int c) => _columnIndex[c] >= 0;

    /// <summary>Advances to the next record; false at the end of the file.</summary>
    public bool Next()
    {
        string? line = NextContentLine();
        if (line is null) return false;
        _line = line;
        int field = 0, start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i < line.Length && line[i] != ',') continue;
            if (field < _start.Length)
            {
                _start[field] = start;
                _length[field] = i - start;
            }
            field++;
            start = i + 1;
        }
        if (field != _start.Length)
            throw new InputError(Path, "row", $"line {LineNumber}: has {field} fields, the header has {_start.Length}");
        return true;
    }

    private string? NextContentLine()
    {
        string? line;
        while ((line = _reader.ReadLine()) is not null)
        {
            LineNumber++;
            if (line.Length == 0 || line.AsSpan().Trim().Length == 0 || line[0] == '#') continue;
            return line;
        }
        return null;
    }

    /// <summary>The raw text of column <paramref name="c"/> in the current record.</summary>
    public ReadOnlySpan<char> Text(int c)
    {
        int i = _columnIndex[c];
        return _line.AsSpan(_start[i], _length[i]).Trim();
    }

    public long Int64(int c, string unit = "")
    {
        if (long.TryParse(Text(c), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)) return v;
        throw Bad(c, $"expected an integer{unit}, got '{Text(c)}'");
    }

    public int Int32(int c, int min, int max)
    {
        long v = Int64(c);
        if (v < min || v > max) throw Bad(c, $"value {v} is outside [{min}, {max}]");
        return (int)v;
    }

    public double Double(int c)
    {
        if (double.TryParse(Text(c), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw Bad(c, $"expected a finite number, got '{Text(c)}'");
    }

    /// <summary>The error for column <paramref name="c"/> of the current line.</summary>
    public InputError Bad(int c, string rule) => new(Path, _columns[c], $"line {LineNumber}: {rule}");

    public void Dispose() => _reader.Dispose();
}
