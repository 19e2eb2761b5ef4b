namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Which file wrote each field of a bound scenario (dotted path → file). The validator runs on plain objects, so
/// without this map every rule violation would be blamed on the scenario file even when a model file holds the
/// bad number. A field not written anywhere (a class default) is attributed to the nearest written ancestor,
/// else to the scenario file.
/// </summary>
public sealed class ScenarioOrigins
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public ScenarioOrigins(string defaultFile) => DefaultFile = defaultFile;

    /// <summary>The scenario file: blamed for fields nobody wrote.</summary>
    public string DefaultFile { get; }

    public void Record(string field, string file) => _files[field] = file;

    public string FileOf(string field)
    {
        string f = field;
        while (true)
        {
            if (_files.TryGetValue(f, out var file)) return file;
            int dot = f.LastIndexOf('.');
            if (dot < 0) return DefaultFile;
            f = f[..dot];
        }
    }
}
