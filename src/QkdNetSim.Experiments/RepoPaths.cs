using QkdNetSim.Core;
using QkdNetSim.Data.Scenarios;

namespace QkdNetSim.Experiments;

/// <summary>
/// Finds the repository (the folder holding QkdNetSim.sln and models/) from the working directory upwards, failing that
/// the checkout the model root variable (<see cref="ModelRoot.Variable"/>) names: `reproduce` and `bench` read
/// experiments/ and write results/, which only a checkout has (an installed tool package carries models/ alone).
/// </summary>
public static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (IsCheckout(dir.FullName)) return dir.FullName;
        string? named = Environment.GetEnvironmentVariable(ModelRoot.Variable);
        if (!string.IsNullOrWhiteSpace(named) && IsCheckout(Path.GetFullPath(named.Trim()))) return Path.GetFullPath(named.Trim());
        throw new InputError(Directory.GetCurrentDirectory(), "working directory",
            $"not inside a QkdNetSim checkout (no QkdNetSim.sln with models/ above it; or set {ModelRoot.Variable} to a checkout)");
    }

    public static string Model(string relative) => Path.Combine(Root(), "models", relative);

    public static string Experiment(string relative) => Path.Combine(Root(), "experiments", relative);

    private static bool IsCheckout(string dir) => File.Exists(Path.Combine(dir, "QkdNetSim.sln")) && Directory.Exists(Path.Combine(dir, "models"));
}
