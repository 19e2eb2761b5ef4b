using QkdNetSim.Core;

namespace QkdNetSim.Experiments;

/// <summary>Finds the repository (the folder holding QkdNetSim.sln and models/) from the working directory upwards.</summary>
public static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QkdNetSim.sln")) && Directory.Exists(Path.Combine(dir.FullName, "models")))
                return dir.FullName;
        throw new InputError(Directory.GetCurrentDirectory(), "working directory", "not inside a QkdNetSim checkout (no QkdNetSim.sln with models/ above it)");
    }

    public static string Model(string relative) => Path.Combine(Root(), "models", relative);

    public static string Experiment(string relative) => Path.Combine(Root(), "experiments", relative);
}
