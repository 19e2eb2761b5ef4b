using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The model root: the one folder whose models/ the simulator treats as its own models, wherever it runs from. It is,
/// the first that applies:
/// <list type="number">
/// <item>the folder named by the environment variable <see cref="Variable"/> (a checkout, or any folder holding models/);</item>
/// <item>the program's own folder when models/ sits beside its assemblies: an installed tool package or a published
/// folder (the Docker image) carries the models it was built with;</item>
/// <item>the checkout above the program's folder (a build in a checkout, src/QkdNetSim.Cli/bin/...): the folder holding
/// QkdNetSim.sln and models/.</item>
/// </list>
/// `model:` includes may read from its models/ (<see cref="ModelRoots"/>), and a scenario path that does not exist as
/// written is looked up in it (<see cref="FindScenario"/>), so `qkdnetsim run networks/seed004-fig3a-splitter.yaml`
/// works from any working directory.
/// </summary>
public static class ModelRoot
{
    /// <summary>Environment variable naming the model root (a folder holding models/, e.g. a checkout).</summary>
    public const string Variable = "QKDNETSIM_MODEL_ROOT";

    /// <summary>The name of the models folder inside the model root.</summary>
    public const string ModelsFolderName = "models";

    /// <summary>
    /// The model root's models/ folder as a real path; null when there is none (no variable, no packaged models, not run
    /// from a checkout). A variable that names no folder holding models/ is an <see cref="InputError"/> on (the folder, <see cref="Variable"/>).
    /// </summary>
    public static string? ModelsFolder()
    {
        string? named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            string full = Path.GetFullPath(named.Trim());
            string models = Path.Combine(full, ModelsFolderName);
            if (!Directory.Exists(models))
                throw new InputError(full, Variable, $"no {ModelsFolderName}/ folder in it: name a QkdNetSim checkout or a folder holding {ModelsFolderName}/");
            return ModelRoots.RealPath(models);
        }
        string packaged = Path.Combine(AppContext.BaseDirectory, ModelsFolderName);
        if (Directory.Exists(packaged)) return ModelRoots.RealPath(packaged);
        return CheckoutModels(AppContext.BaseDirectory);
    }

    /// <summary>
    /// The scenario file <paramref name="path"/> names: the path itself when it exists; otherwise, for a relative path, the
    /// same path inside the model root's models/ folder (a leading `models/` may be written), when that file exists.
    /// Anything else is returned unchanged, so reading it gives the usual "not found" error.
    /// </summary>
    public static string FindScenario(string path)
    {
        if (File.Exists(path) || Directory.Exists(path) || Path.IsPathRooted(path) || path.Length == 0) return path;
        string? models = ModelsFolder();
        if (models is null) return path;
        string relative = path.Replace('\\', '/');
        if (relative.StartsWith(ModelsFolderName + "/", StringComparison.Ordinal)) relative = relative[(ModelsFolderName.Length + 1)..];
        string candidate = Path.Combine(models, relative);
        return File.Exists(candidate) ? candidate : path;
    }

    /// <summary>The models/ folder beside a QkdNetSim.sln in <paramref name="start"/> or a folder above it, as a real path.</summary>
    internal static string? CheckoutModels(string start)
    {
        try
        {
            for (var dir = new DirectoryInfo(ModelRoots.RealPath(Path.GetFullPath(start))); dir is not null; dir = dir.Parent)
            {
                string models = Path.Combine(dir.FullName, ModelsFolderName);
                if (File.Exists(Path.Combine(dir.FullName, "QkdNetSim.sln")) && Directory.Exists(models)) return ModelRoots.RealPath(models);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InputError) { }
        return null;
    }
}
