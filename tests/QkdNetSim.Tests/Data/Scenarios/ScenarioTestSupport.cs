using QkdNetSim.Core;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>Shared helpers for the scenario tests: repository paths, scratch directories, error assertions.</summary>
internal static class ScenarioTestSupport
{
    /// <summary>The repository root (the directory holding QkdNetSim.sln), found from the test binaries upwards.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModelPath(string relative) => Path.Combine(RepoRoot, "models", relative);

    public static LoadedScenario LoadText(string yaml, params string[] overrides)
        => ScenarioLoader.LoadFromText(yaml, "test.yaml", overrides);

    /// <summary>Runs the action, asserts it throws an InputError, and checks file and field exactly.</summary>
    public static InputError ExpectError(Action action, string file, string field)
    {
        var e = Assert.Throws<InputError>(action);
        Assert.Equal(file, e.File);
        Assert.Equal(field, e.Field);
        Assert.Equal($"{e.File}: {e.Field}: {e.Rule}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "QkdNetSim.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (QkdNetSim.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A scratch directory for model-file tests, deleted afterwards.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qkdnetsim-scenario-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file (creating subdirectories) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, relative));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
