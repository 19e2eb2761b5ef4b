using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Parses `dotted.path=value` overrides (the CLI's --set). The value is read as YAML so that numbers, booleans,
/// nulls and flow lists (`[0.5,0.1,0.0002]`) mean the same as in a file. Errors name "--set" as the file.
/// </summary>
public static class OverrideParser
{
    /// <summary>The pseudo file name under which override errors and override-supplied values are reported.</summary>
    public const string SourceName = "--set";

    public static ScenarioOverride Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq < 0)
            throw new InputError(SourceName, text, "expected dotted.path=value");
        string path = text[..eq].Trim();
        if (path.Length == 0)
            throw new InputError(SourceName, text, "the path before '=' is empty (expected dotted.path=value)");
        var segments = path.Split('.');
        if (segments.Any(s => s.Trim().Length == 0))
            throw new InputError(SourceName, path, "the path has an empty segment (expected keys and list indices joined by '.')");
        segments = segments.Select(s => s.Trim()).ToArray();
        var value = YamlTreeReader.ReadValue(text[(eq + 1)..].Trim(), SourceName, path);
        return new ScenarioOverride(text, string.Join('.', segments), segments, value);
    }

    public static IReadOnlyList<ScenarioOverride> ParseAll(IEnumerable<string> texts) => texts.Select(Parse).ToArray();
}
