namespace QkdNetSim.Tests.Data.Files;

/// <summary>A fresh directory per test, deleted afterwards, so tests never see each other's files.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        FullPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qkdnetsim-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string File(string name) => System.IO.Path.Combine(FullPath, name);

    /// <summary>Every entry in the directory, to assert that no temporary file is left behind.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(FullPath).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (IOException) { }
    }
}
