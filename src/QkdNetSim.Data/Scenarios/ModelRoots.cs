using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The folders `model:` includes may read from, for one top-level scenario:
/// <list type="number">
/// <item>the scenario's own folder and everything below it;</item>
/// <item>the models/ folder of the checkout the scenario lies in: the first folder named models/ that sits next to a
/// QkdNetSim.sln, looking upwards from the scenario's folder (a scenario in a checkout uses that checkout's models);</item>
/// <item>the model root's models/ folder (<see cref="ModelRoot"/>: <see cref="ModelRoot.Variable"/>, else the models an
/// installed tool carries, else the checkout the program was built in), so a scenario anywhere can use those models;</item>
/// <item>every folder listed in the environment variable <see cref="PathVariable"/> (separated by
/// <see cref="Path.PathSeparator"/>, ':' on Linux and macOS), and everything below each.</item>
/// </list>
/// Every root and every candidate is compared by its real path (symbolic links and `..` resolved), so neither a link nor a
/// `..` can lead out of a root.
/// </summary>
internal sealed class ModelRoots
{
    /// <summary>Environment variable naming further folders model files may be read from.</summary>
    public const string PathVariable = "QKDNETSIM_MODEL_PATH";

    /// <summary>Most symbolic links followed while resolving one path (as Linux's ELOOP limit).</summary>
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly List<(string Label, string Path)> _roots;

    private ModelRoots(List<(string, string)> roots) => _roots = roots;

    /// <summary>The roots for the scenario at <paramref name="scenarioFile"/> (which need not exist: text given in memory).</summary>
    public static ModelRoots For(string scenarioFile)
    {
        var roots = new List<(string, string)>();
        string scenarioDir = Path.GetDirectoryName(RealPath(Path.GetFullPath(scenarioFile))) ?? Directory.GetCurrentDirectory();
        roots.Add(("the scenario's folder " + scenarioDir, scenarioDir));
        string? checkout = ModelRoot.CheckoutModels(scenarioDir);
        if (checkout is not null) roots.Add(("the repository's models folder " + checkout, checkout));
        string? modelRoot = ModelRoot.ModelsFolder();
        if (modelRoot is not null && modelRoot != checkout) roots.Add(($"the model root's models folder {modelRoot}", modelRoot));
        string? extra = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(extra))
            foreach (string folder in extra.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string real;
                try { real = RealPath(Path.GetFullPath(folder)); }
                catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException) { continue; }
                roots.Add(($"{PathVariable} folder {real}", real));
            }
        return new ModelRoots(roots);
    }

    /// <summary>True if the real path <paramref name="realPath"/> lies inside one of the roots.</summary>
    public bool Allows(string realPath) => _roots.Any(r => IsInside(realPath, r.Path));

    /// <summary>The roots as text for an error message.</summary>
    public string Describe() => string.Join("; ", _roots.Select(r => r.Label));

    private static bool IsInside(string path, string root)
    {
        string prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>
    /// <paramref name="path"/> with every symbolic link resolved and every `.` and `..` applied in order, component by
    /// component (a `..` after a link climbs from the link's target). Components that do not exist are kept as written.
    /// A link loop or more than <see cref="MaxLinks"/> links is an input error on (<paramref name="file"/>, <paramref name="field"/>).
    /// </summary>
    public static string RealPath(string path, string file = "(path)", string field = "(file)")
    {
        int links = 0;
        return Resolve(path, ref links, file, field);
    }

    private static string Resolve(string path, ref int links, string file, string field)
    {
        string root = Path.GetPathRoot(path) is { Length: > 0 } r ? r : Path.GetPathRoot(Path.GetFullPath(path))!;
        string rest = Path.IsPathRooted(path) ? path[root.Length..] : Path.GetRelativePath(root, Path.Combine(Directory.GetCurrentDirectory(), path));
        string current = root;
        var parts = rest.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? current; continue; }
            string next = Path.Combine(current, part);
            FileSystemInfo info = new FileInfo(next);
            string? target = null;
            try
            {
                if (Directory.Exists(next)) info = new DirectoryInfo(next);
                target = info.Exists || info.LinkTarget is not null ? info.LinkTarget : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { target = null; }
            if (target is null) { current = next; continue; }
            if (++links > MaxLinks)
                throw new InputError(file, field, $"more than {MaxLinks} symbolic links (or a link loop) while resolving '{path}'");
            string targetFull = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
            current = Resolve(targetFull, ref links, file, field);
        }
        return current;
    }
}
