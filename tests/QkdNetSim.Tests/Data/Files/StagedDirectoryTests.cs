using System.Diagnostics;
using QkdNetSim.Core;
using QkdNetSim.Data.Files;

namespace QkdNetSim.Tests.Data.Files;

/// <summary>
/// A run directory holds exactly one run: files are staged in a hidden folder and published as one unit, a run that is
/// not published leaves the earlier run as it was, one run at a time holds the directory's lock, and problems with the
/// directory itself are one-line input errors.
/// </summary>
public sealed class StagedDirectoryTests : IDisposable
{
    private readonly TempDirectory _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string Out => _tmp.File("out");

    private static string[] Entries(string dir) =>
        Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private static void Stage(StagedDirectory d, string name, string text) => File.WriteAllText(d.PathFor(name), text);

    [Fact]
    public void StagedFilesAppearOnlyOnPublishAndReplaceTheEarlierRunIncludingItsStaleOutputs()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "a.log"), "old a");
        File.WriteAllText(Path.Combine(Out, "b.log"), "old b");
        File.WriteAllText(Path.Combine(Out, "index.json"), "old index");
        File.WriteAllText(Path.Combine(Out, "notes.txt"), "the user's own file");
        using (var d = StagedDirectory.Open(Out))
        {
            Assert.Equal(Out, Path.GetDirectoryName(d.StagingPath));
            Assert.StartsWith($"{StagedDirectory.StagingPrefix}{Environment.ProcessId}-", Path.GetFileName(d.StagingPath));
            Stage(d, "a.log", "new a");
            Stage(d, "index.json", "new index");
            Assert.Equal("old a", File.ReadAllText(Path.Combine(Out, "a.log")));
            d.Publish(["a.log", "index.json"], ["a.log", "b.log", "c.log"]);
        }
        Assert.Equal([StagedDirectory.LockFileName, "a.log", "index.json", "notes.txt"], Entries(Out));
        Assert.Equal("new a", File.ReadAllText(Path.Combine(Out, "a.log")));
        Assert.Equal("new index", File.ReadAllText(Path.Combine(Out, "index.json")));
        Assert.Equal("the user's own file", File.ReadAllText(Path.Combine(Out, "notes.txt")));
    }

    [Fact]
    public void DisposingWithoutPublishingLeavesTheEarlierRunUntouchedAndNoStagingFolder()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "a.log"), "old a");
        File.WriteAllText(Path.Combine(Out, "index.json"), "old index");
        string staging;
        using (var d = StagedDirectory.Open(Out))
        {
            staging = d.StagingPath;
            Stage(d, "a.log", "half-written");
        }
        Assert.False(Directory.Exists(staging));
        Assert.Equal([StagedDirectory.LockFileName, "a.log", "index.json"], Entries(Out));
        Assert.Equal("old a", File.ReadAllText(Path.Combine(Out, "a.log")));
    }

    [Fact]
    public void ADirectoryCreatedForARunThatIsNotPublishedIsRemovedAgain()
    {
        using (var d = StagedDirectory.Open(Out)) Stage(d, "a.log", "half-written");
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void ASecondOpenWhileTheFirstHoldsTheLockIsAnInputErrorAndTouchesNothing()
    {
        using var first = StagedDirectory.Open(Out);
        var e = Assert.Throws<InputError>(() => StagedDirectory.Open(Out));
        Assert.Equal(Out, e.File);
        Assert.Equal("--out", e.Field);
        Assert.Contains("in use", e.Rule);
        Assert.DoesNotContain('\n', e.Message);
        // Only the first run's staging folder: the second created none and removed nothing.
        Assert.Equal([StagedDirectory.LockFileName, Path.GetFileName(first.StagingPath)], Entries(Out));
        first.Dispose();
        using var again = StagedDirectory.Open(Out); // the lock is released with the first run
    }

    [Fact]
    public void StagingFoldersOfDeadProcessesAreRemovedAndNeverPublished()
    {
        Directory.CreateDirectory(Out);
        int deadPid = DeadPid();
        string dead = Path.Combine(Out, $"{StagedDirectory.StagingPrefix}{deadPid}-0123456789ab");
        string noOwner = Path.Combine(Out, $"{StagedDirectory.StagingPrefix}garbage");
        string alive = Path.Combine(Out, $"{StagedDirectory.StagingPrefix}1-0123456789ab"); // pid 1 (init) is always running
        foreach (string s in new[] { dead, noOwner, alive })
        {
            Directory.CreateDirectory(s);
            File.WriteAllText(Path.Combine(s, "a.log"), "from a killed run");
        }
        using (var d = StagedDirectory.Open(Out))
        {
            Assert.False(Directory.Exists(dead));
            Assert.False(Directory.Exists(noOwner));
            Assert.True(Directory.Exists(alive));
            Stage(d, "index.json", "new");
            d.Publish(["index.json"], ["a.log"]);
        }
        Assert.False(File.Exists(Path.Combine(Out, "a.log")));
        Assert.Equal([StagedDirectory.LockFileName, Path.GetFileName(alive), "index.json"], Entries(Out));
    }

    [Fact]
    public void AbandonedMeansAStagingNameWhoseOwnerIsNotRunning()
    {
        Assert.False(StagedDirectory.IsAbandoned("summary.json"));
        Assert.False(StagedDirectory.IsAbandoned(".staging-1-abc"));
        Assert.True(StagedDirectory.IsAbandoned($".staging-{DeadPid()}-abc"));
        Assert.True(StagedDirectory.IsAbandoned(".staging-x"));
    }

    [Fact]
    public void EmptyPathIsAnInputError()
    {
        foreach (string bad in new[] { "", "   " })
        {
            var e = Assert.Throws<InputError>(() => StagedDirectory.Open(bad));
            Assert.Equal("command line: --out: must name a directory, got an empty path", e.Message);
        }
    }

    [Fact]
    public void APlainFileIsAnInputErrorAndIsLeftAsItWas()
    {
        string file = _tmp.File("plain");
        File.WriteAllText(file, "keep me");
        var e = Assert.Throws<InputError>(() => StagedDirectory.Open(file));
        Assert.Equal(file, e.File);
        Assert.Contains("is a file", e.Rule);
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.Equal(["plain"], _tmp.Entries());
    }

    [Fact]
    public void ADirectoryUnderAPlainFileIsAnInputErrorNamingTheFile()
    {
        string file = _tmp.File("plain");
        File.WriteAllText(file, "keep me");
        string under = Path.Combine(file, "a", "b");
        var e = Assert.Throws<InputError>(() => StagedDirectory.Open(under));
        Assert.Equal(under, e.File);
        Assert.Equal("--out", e.Field);
        Assert.Contains($"{file} is a file", e.Rule);
        Assert.Equal(["plain"], _tmp.Entries());
    }

    [Fact]
    public void ADirectoryThatCannotBeCreatedIsAnInputError()
    {
        // /proc refuses new entries even to root (for whom chmod 555 denies nothing).
        var e = Assert.Throws<InputError>(() => StagedDirectory.Open("/proc/qkdnetsim-cannot-exist"));
        Assert.Equal("--out", e.Field);
        Assert.StartsWith("cannot create the directory", e.Rule);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AStagingFolderOnlyHoldsPlainVisibleNamesAndPublishesOnlyWhatWasStaged()
    {
        using var d = StagedDirectory.Open(Out);
        Assert.Throws<ArgumentException>(() => d.PathFor("../escape.json"));
        Assert.Throws<ArgumentException>(() => d.PathFor(".qkdnetsim.lock"));
        Stage(d, "index.json", "new");
        Assert.Throws<ArgumentException>(() => d.Publish(["index.json"], ["../../etc/passwd"]));
        Assert.True(File.Exists(d.PathFor("index.json"))); // a refused publish moved nothing
        Assert.Throws<InvalidOperationException>(() => d.Publish(["never-staged.json"], []));
    }

    [Theory]
    [InlineData(28, "no space left")]
    [InlineData(122, "quota")]
    [InlineData(30, "read-only")]
    [InlineData(27, "too large")]
    [InlineData(unchecked((int)0x80070070), "no space left")]
    public void StorageFailuresOfTheDestinationAreRecognised(int hresult, string rule) =>
        Assert.Contains(rule, StagedDirectory.StorageFailure(new IOException("disk trouble", hresult)));

    [Fact]
    public void OtherIoFailuresAreNotStorageFailures()
    {
        Assert.Null(StagedDirectory.StorageFailure(new IOException("something else", 5)));
        Assert.Null(StagedDirectory.StorageFailure(new FileNotFoundException("gone")));
    }

    /// <summary>The pid of a process that has exited (pids are not reused within a test's lifetime in practice).</summary>
    internal static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
