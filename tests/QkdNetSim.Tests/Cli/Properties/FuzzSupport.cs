using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using YamlDotNet.RepresentationModel;

namespace QkdNetSim.Tests.Cli.Properties;

/// <summary>
/// What every fuzzed CLI call must end in: exit 0, or exit 2 with exactly one stderr line `error: FILE: FIELD: rule`.
/// Exit 1, any other code, an exception out of Cli.Main, more or fewer lines are violations.
/// </summary>
internal static partial class FuzzOutcome
{
    [GeneratedRegex(@"^error: .+: .+: .+$")]
    private static partial Regex OneLineError();

    /// <summary>Null when the outcome keeps the contract, else what broke it.</summary>
    public static string? Violation(int exitCode, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        if (exitCode == 0) return null;
        if (exitCode == 2)
        {
            if (lines.Length != 1) return $"exit 2 with {lines.Length} stderr lines: {Head(stderr)}";
            return OneLineError().IsMatch(lines[0]) ? null : $"exit 2 with a line not of the form 'error: FILE: FIELD: rule': {lines[0]}";
        }
        return $"exit {exitCode}: {Head(stderr)}{Frames(lines)}";
    }

    // The throwing frame and the first frame in QkdNetSim code, to tell one cause from another.
    private static string Frames(string[] lines)
    {
        var frames = lines.Where(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        if (frames.Count == 0) return "";
        string first = frames[0], own = frames.FirstOrDefault(f => f.StartsWith("at QkdNetSim", StringComparison.Ordinal)) ?? "";
        own = own.Contains(" in ", StringComparison.Ordinal) ? own[..own.IndexOf(" in ", StringComparison.Ordinal)] : own;
        first = first.Contains(" in ", StringComparison.Ordinal) ? first[..first.IndexOf(" in ", StringComparison.Ordinal)] : first;
        return $" [{first}{(own.Length > 0 && own != first ? " ... " + own : "")}]";
    }

    private static string Head(string s)
    {
        var first = s.Split('\n').FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        return first.Length > 400 ? first[..400] : first;
    }
}

/// <summary>
/// Counts of the outcomes a property saw (so a property that only ever took one branch is noticed) and its violations,
/// grouped by kind with the first (smallest-numbered) input of each, so one run reports every distinct failure.
/// </summary>
internal sealed partial class FuzzTally
{
    public int Cases, Exit0, Exit2, Exit2LeftOutput, Skipped, KnownFailed;
    private readonly Dictionary<string, (int Count, string Example)> _violations = new();

    public void Violation(string input, string violation)
    {
        string key = Signature().Replace(violation, "#");
        _violations[key] = _violations.TryGetValue(key, out var v) ? (v.Count + 1, v.Example) : (1, $"{input}: {violation}");
    }

    /// <summary>Fails with every kind of violation seen (count and first input of each).</summary>
    public void AssertNoViolations(string what) =>
        Assert.True(_violations.Count == 0, $"{what}: {_violations.Sum(v => v.Value.Count)} violations of {Cases} cases, {_violations.Count} kinds:\n" +
            string.Join("\n", _violations.Select(v => $"[{v.Value.Count}x] {v.Value.Example}")));

    // Numbers, quoted text and paths vary between cases of one kind of failure.
    [GeneratedRegex(@"'[^']*'|""[^""]*""|[-+]?\d[\d.eE+-]*|/[^\s:]+|\S+\.yaml")]
    private static partial Regex Signature();

    public void Add(int exit, bool leftOutput)
    {
        Cases++;
        if (exit == 0) Exit0++;
        if (exit == 2) { Exit2++; if (leftOutput) Exit2LeftOutput++; }
    }

    public override string ToString() =>
        $"{Cases} cases ({Skipped} known failures skipped, {KnownFailed} ended in a known failure): {Exit0} exit 0, {Exit2} exit 2 ({Exit2LeftOutput} of them left the --out directory behind)";
}

/// <summary>The fixed FsCheck configuration: a fixed replay seed so every run (and CI) draws the same cases.</summary>
internal static class FuzzConfig
{
    public static Config With(int maxTest, ulong seed) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), Microsoft.FSharp.Core.FSharpOption<int>.None));
}

/// <summary>Hostile scalars: numbers at and past every range, special floats, odd YAML.</summary>
internal static class FuzzValues
{
    public static readonly string[] Hostile =
    [
        "0", "-1", "1", "-0", "1e308", "-1e308", "1.7976931348623157e308", "1e309", "4.9e-324", "1e-320", "-1e-320",
        ".nan", ".NaN", "NaN", ".inf", "-.inf", "+.inf", "Infinity", "inf",
        "9223372036854775808", "9223372036854775807", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "2147483648", "2147483647", "-2147483649", "4294967296", "99999999999999999999999999999",
        "1099511627777", "0x7fffffffffffffff", "0o777", "1_000", "1e", ".", "-", "+", "0.5", "2", "3", "8", "64", "1000000",
        "true", "false", "null", "~", "''", "\"\"", "[]", "{}", "[1, 2]", "[[[]]]", "{a: 1}", "*undefined", "&a 1",
        "!!binary AAAA", "!custom x", "!!int x", "'a: b'", "\"\\u0000\"", "\"\\xff\"", "|", ">", "- 1", "? x", "@x", "`x",
        "%YAML", "---", "...", "#", "é", "\u202e", "../../../../etc/passwd", "/dev/zero", "C:\\x", "a/b", "..",
        "seed004-fig3a-splitter", "splitter", "dwdm", "gaussian", "fast", "exact", "mdiNetwork", "cvNetwork", "accessNetwork",
    ];

    private static readonly char[] Chars =
        "abcxyzABZ019 _-.:#{}[],&*!|>'\"%@`?=/\\\té€𝄞".ToCharArray();

    private static Gen<string> RandomDouble =>
        from m in Gen.Choose(-99999, 99999)
        from e in Gen.Choose(-330, 330)
        select (m / 1000.0 * Math.Pow(10, e)).ToString("R", CultureInfo.InvariantCulture);

    private static Gen<string> RandomInteger =>
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from small in Gen.Elements(true, false)
        select small ? (lo % 100).ToString(CultureInfo.InvariantCulture)
                     : (((long)hi << 32) ^ (uint)lo).ToString(CultureInfo.InvariantCulture);

    private static Gen<string> RandomString =>
        from n in Gen.Choose(0, 12)
        from cs in Gen.ArrayOf(Gen.Elements(Chars), n)
        select new string(cs);

    /// <summary>A random scalar (no NUL, so it can also be a command-line argument).</summary>
    public static Gen<string> Scalar => Gen.Frequency(
        (6, Gen.Elements(Hostile)),
        (2, RandomDouble),
        (1, RandomInteger),
        (2, RandomString));

    /// <summary>Session lengths for cases whose mutation is the duration itself: invalid, or valid and at most 1e-4 s.</summary>
    public static Gen<string> ClampedDuration => Gen.OneOf(
        Gen.Elements("0", "-1", "-0", ".nan", "-.inf", "-1e308", "1e-320", "4.9e-324", "abc", "''", "[]", "1e-4", "5e-5", "1e-6", "1e-9", "1e-12"),
        Gen.Choose(1, 100_000).Select(n => (n * 1e-9).ToString("R", CultureInfo.InvariantCulture)));

    public static Gen<byte[]> Bytes(int min, int max) =>
        from n in Gen.Choose(min, max)
        from bs in Gen.ArrayOf(Gen.Choose(0, 255), n)
        select bs.Select(b => (byte)b).ToArray();
}

internal enum YamlOp { Scalar, DeleteKey, DuplicateKey, InsertKey, Truncate, InsertBytes, WrapInList, WrapValueInList, DurationItself, SetsOnly }

/// <summary>
/// One mutation of a scenario file plus random `--set` overrides and output options. The file mutations work on the
/// text (so duplicate keys, broken indentation and cut-off bytes are possible); sites are taken modulo the candidates.
/// </summary>
internal sealed partial record YamlCase(YamlOp Op, int Site, string Value, byte[] Bytes, (string Path, string Value)[] Sets, bool NoLog, string Format, int Samples)
{
    public override string ToString() =>
        $"{Op} site={Site} value='{Value}' bytes=[{Convert.ToHexString(Bytes)}] sets=[{string.Join(", ", Sets.Select(s => s.Path + "=" + s.Value))}] " +
        $"noLog={NoLog} format={Format} samples={Samples}";

    private static readonly string[] HostilePaths =
    [
        "users.99.fibreLengthKm", "users.-1.name", "users.2147483648.name", "", "=", "a..b", ".", "users.", "users.1", "users",
        "receiver", "durationS.x", "log.rowGroupSize", "log.enabled", "samples", "seed", "kind", "name", "model", "receiver.model",
        "users.0.model", "users.0.source.model", "unknownField", "timing.clockRateHz", "combiner.ports", "receiver.timeBins",
    ];

    private static readonly string[] InsertedKeys = ["foo", "durationS", "kind", "model", "users", "seed", "name", "<<", "x" + new string('y', 300), "1", "\"\"", "? [a]", "samples"];

    public static Gen<YamlCase> Gen(IReadOnlyList<string> paths, bool cv, bool fileOps) =>
        from op in fileOps
            ? FsCheck.Fluent.Gen.Frequency(
                (5, FsCheck.Fluent.Gen.Constant(YamlOp.Scalar)), (2, FsCheck.Fluent.Gen.Constant(YamlOp.DeleteKey)),
                (1, FsCheck.Fluent.Gen.Constant(YamlOp.DuplicateKey)), (2, FsCheck.Fluent.Gen.Constant(YamlOp.InsertKey)),
                (1, FsCheck.Fluent.Gen.Constant(YamlOp.Truncate)), (1, FsCheck.Fluent.Gen.Constant(YamlOp.InsertBytes)),
                (1, FsCheck.Fluent.Gen.Constant(YamlOp.WrapInList)), (1, FsCheck.Fluent.Gen.Constant(YamlOp.WrapValueInList)),
                (cv ? 0 : 1, FsCheck.Fluent.Gen.Constant(YamlOp.DurationItself)), (2, FsCheck.Fluent.Gen.Constant(YamlOp.SetsOnly)))
            : FsCheck.Fluent.Gen.Constant(YamlOp.SetsOnly)
        from site in FsCheck.Fluent.Gen.Choose(0, 1_000_000)
        from value in op == YamlOp.DurationItself ? FuzzValues.ClampedDuration
            : op == YamlOp.InsertKey ? FsCheck.Fluent.Gen.Elements(InsertedKeys).SelectMany(k => FuzzValues.Scalar, (k, v) => k + ": " + v)
            : FuzzValues.Scalar
        from bytes in FuzzValues.Bytes(1, 16)
        from nSets in FsCheck.Fluent.Gen.Frequency((4, FsCheck.Fluent.Gen.Constant(0)), (3, FsCheck.Fluent.Gen.Constant(1)), (2, FsCheck.Fluent.Gen.Choose(2, 3)))
        from sets in FsCheck.Fluent.Gen.ArrayOf(
            FsCheck.Fluent.Gen.Frequency((5, FsCheck.Fluent.Gen.Elements(paths.ToArray())), (1, FsCheck.Fluent.Gen.Elements(HostilePaths)))
                .SelectMany(p => FuzzValues.Scalar, (p, v) => (p, v)),
            op == YamlOp.SetsOnly ? Math.Max(1, nSets) : nSets)
        from noLog in FsCheck.Fluent.Gen.Frequency((9, FsCheck.Fluent.Gen.Constant(true)), (1, FsCheck.Fluent.Gen.Constant(false)))
        from format in FsCheck.Fluent.Gen.Elements("table", "json", "csv")
        from samples in FsCheck.Fluent.Gen.Frequency((4, FsCheck.Fluent.Gen.Constant(2000)), (1, FsCheck.Fluent.Gen.Choose(0, 2000)))
        select new YamlCase(op, site, value, bytes, sets, noLog, format, samples);

    /// <summary>The mutated file's bytes.</summary>
    public byte[] Apply(string original)
    {
        var lines = original.Replace("\r\n", "\n").Split('\n').ToList();
        var keyLines = Enumerable.Range(0, lines.Count).Where(i => KeyLine().IsMatch(lines[i])).ToList();
        var valueLines = keyLines.Where(i => HasValue(lines[i])).ToList();
        int Pick(List<int> c) => c[Site % c.Count];
        switch (Op)
        {
            case YamlOp.Scalar:
            {
                int i = Pick(valueLines);
                var m = KeyLine().Match(lines[i]);
                lines[i] = m.Groups["head"].Value + " " + Value;
                break;
            }
            case YamlOp.WrapValueInList:
            {
                int i = Pick(valueLines);
                var m = KeyLine().Match(lines[i]);
                lines[i] = m.Groups["head"].Value + " [" + StripComment(m.Groups["rest"].Value).Trim() + "]";
                break;
            }
            case YamlOp.DeleteKey:
            {
                int i = Pick(keyLines);
                int col = KeyColumn(lines[i]);
                int end = i + 1;
                while (end < lines.Count && (lines[end].Trim().Length == 0 || Indent(lines[end]) > col)) end++;
                lines.RemoveRange(i, end - i);
                break;
            }
            case YamlOp.DuplicateKey:
            {
                int i = Pick(keyLines);
                int col = KeyColumn(lines[i]);
                lines.Insert(i + 1, new string(' ', col) + lines[i][col..]);
                break;
            }
            case YamlOp.InsertKey:
            {
                int i = Pick(keyLines);
                int col = KeyColumn(lines[i]);
                lines.Insert(IsDashLine(lines[i]) ? i + 1 : i, new string(' ', col) + Value);
                break;
            }
            case YamlOp.WrapInList:
                lines = lines.Select((l, k) => (k == 0 ? "- " : "  ") + l).ToList();
                break;
            case YamlOp.DurationItself:
            {
                int i = lines.FindIndex(l => l.StartsWith("durationS:", StringComparison.Ordinal));
                if (i < 0) lines.Insert(0, "durationS: " + Value);
                else lines[i] = "durationS: " + Value;
                break;
            }
            case YamlOp.Truncate:
            {
                var b = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                return b[..(Site % (b.Length + 1))];
            }
            case YamlOp.InsertBytes:
            {
                var b = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                int at = Site % (b.Length + 1);
                return [.. b[..at], .. Bytes, .. b[at..]];
            }
            case YamlOp.SetsOnly:
                break;
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>Where the mutated file first differs from the original (line number and text), for failure reports.</summary>
    public string Diff(string original)
    {
        var a = original.Replace("\r\n", "\n").Split('\n');
        var b = Encoding.UTF8.GetString(Apply(original)).Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "<none>", y = i < b.Length ? b[i] : "<none>";
            if (x != y) return $"line {i + 1}: '{x}' -> '{y}'" + (i + 1 < b.Length ? $" (next: '{b[i + 1]}')" : "");
        }
        return "file unchanged";
    }

    /// <summary>The `--set` arguments of this case (before the clamps).</summary>
    public IEnumerable<string> SetArgs() => Sets.SelectMany(s => new[] { "--set", s.Path + "=" + s.Value });

    [GeneratedRegex(@"^(?<head>\s*(-\s+)?[A-Za-z_][\w]*\s*:)(?<rest>.*)$")]
    private static partial Regex KeyLine();

    private static bool HasValue(string line)
    {
        var rest = StripComment(KeyLine().Match(line).Groups["rest"].Value).Trim();
        return rest.Length > 0;
    }

    private static string StripComment(string rest)
    {
        int h = rest.IndexOf(" #", StringComparison.Ordinal);
        return h >= 0 ? rest[..h] : rest.TrimStart().StartsWith('#') ? "" : rest;
    }

    private static bool IsDashLine(string line) => line.TrimStart().StartsWith('-');
    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static int KeyColumn(string line)
    {
        int c = Indent(line);
        if (IsDashLine(line)) { c++; while (c < line.Length && line[c] == ' ') c++; }
        return c;
    }

    /// <summary>Every dotted `--set` path of a YAML file (mappings by key, lists by index), for random overrides.</summary>
    public static List<string> PathsOf(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var paths = new List<string>();
        void Walk(YamlNode node, string prefix)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (k, v) in map.Children) Walk(v, prefix.Length == 0 ? ((YamlScalarNode)k).Value! : prefix + "." + ((YamlScalarNode)k).Value);
                    break;
                case YamlSequenceNode seq:
                    paths.Add(prefix);
                    for (int i = 0; i < seq.Children.Count; i++) Walk(seq.Children[i], prefix + "." + i);
                    break;
                default:
                    paths.Add(prefix);
                    break;
            }
        }
        Walk(stream.Documents[0].RootNode, "");
        return paths;
    }
}

internal enum LogOp { FlipBytes, Truncate, InsertBytes, OverwriteRange, ZeroRange, CorruptTail, DuplicateRange, Empty, AnalyzeFolder }

/// <summary>One random corruption of a valid log's bytes.</summary>
internal sealed record LogCase(LogOp Op, int Site, int Length, byte[] Bytes, string Format)
{
    public override string ToString() => $"{Op} site={Site} length={Length} bytes=[{Convert.ToHexString(Bytes)}] format={Format}";

    public static Gen<LogCase> Gen =>
        from op in FsCheck.Fluent.Gen.Frequency(
            (3, FsCheck.Fluent.Gen.Constant(LogOp.FlipBytes)), (2, FsCheck.Fluent.Gen.Constant(LogOp.Truncate)),
            (1, FsCheck.Fluent.Gen.Constant(LogOp.InsertBytes)), (2, FsCheck.Fluent.Gen.Constant(LogOp.OverwriteRange)),
            (1, FsCheck.Fluent.Gen.Constant(LogOp.ZeroRange)), (4, FsCheck.Fluent.Gen.Constant(LogOp.CorruptTail)),
            (1, FsCheck.Fluent.Gen.Constant(LogOp.DuplicateRange)), (1, FsCheck.Fluent.Gen.Constant(LogOp.AnalyzeFolder)))
        from site in FsCheck.Fluent.Gen.Choose(0, int.MaxValue)
        from length in FsCheck.Fluent.Gen.Choose(1, 256)
        from bytes in FuzzValues.Bytes(1, 8)
        from format in FsCheck.Fluent.Gen.Elements("table", "json", "csv")
        select new LogCase(op, site, length, bytes, format);

    public byte[] Apply(byte[] log)
    {
        int n = log.Length;
        int at = Site % (n + 1);
        var b = (byte[])log.Clone();
        switch (Op)
        {
            case LogOp.FlipBytes:
            case LogOp.AnalyzeFolder:
                for (int k = 0; k < Bytes.Length; k++) b[(int)(((long)Site + (long)k * 7919 * (Length + 1)) % n)] ^= (byte)(Bytes[k] | 1);
                return b;
            case LogOp.Truncate:
                return b[..at];
            case LogOp.InsertBytes:
                return [.. b[..at], .. Bytes, .. b[at..]];
            case LogOp.OverwriteRange:
                for (int k = 0; k < Length && at + k < n; k++) b[at + k] = Bytes[k % Bytes.Length];
                return b;
            case LogOp.ZeroRange:
                Array.Clear(b, Math.Min(at, n), Math.Min(Length, n - Math.Min(at, n)));
                return b;
            case LogOp.CorruptTail:
            {
                // The footer: Parquet metadata, key-value manifest, schema, row-group offsets.
                int tail = Math.Min(n, 2048);
                for (int k = 0; k < Bytes.Length; k++) b[n - 1 - (int)(((long)Site + (long)k * 31 * Length) % tail)] ^= (byte)(Bytes[k] | 1);
                return b;
            }
            case LogOp.DuplicateRange:
            {
                int len = Math.Min(Length, n - Math.Min(at, n));
                return [.. b[..at], .. b[at..(at + len)], .. b[at..]];
            }
            case LogOp.Empty:
                return [];
        }
        return b;
    }
}
