using QkdNetSim.Data.Files;

namespace QkdNetSim.Tests.Data.Files;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WriteAllTextCreatesFileWithNoTemporaryLeft()
    {
        var path = _dir.File("a.txt");
        AtomicFile.WriteAllText(path, "héllo\n");
        Assert.Equal("héllo\n", File.ReadAllText(path));
        Assert.Equal([0x68, 0xC3, 0xA9], File.ReadAllBytes(path)[..3]); // UTF-8, no BOM
        Assert.Equal(["a.txt"], _dir.Entries());
    }

    [Fact]
    public void WriteAllTextReplacesExistingFile()
    {
        var path = _dir.File("a.txt");
        File.WriteAllText(path, "old content that is longer");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["a.txt"], _dir.Entries());
    }

    [Fact]
    public void CreateWritesUnderTemporaryNameInSameDirectoryUntilCommit()
    {
        var path = _dir.File("out.bin");
        using var file = AtomicFile.Create(path);
        file.Stream.Write([1, 2, 3]);
        Assert.False(File.Exists(path));
        Assert.Equal(_dir.FullPath, Path.GetDirectoryName(file.TempPath));
        Assert.StartsWith("out.bin.tmp-", Path.GetFileName(file.TempPath));
        Assert.True(File.Exists(file.TempPath));

        file.Commit();
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], _dir.Entries());
    }

    [Fact]
    public void DisposeWithoutCommitDeletesTemporaryAndKeepsPreviousFile()
    {
        var path = _dir.File("out.txt");
        File.WriteAllText(path, "previous");
        string temp;
        using (var file = AtomicFile.Create(path))
        {
            temp = file.TempPath;
            file.Stream.Write("half-writ"u8);
        }
        Assert.False(File.Exists(temp));
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["out.txt"], _dir.Entries());
    }

    [Fact]
    public void ExceptionWhileWritingLeavesNothingBehind()
    {
        var path = _dir.File("out.txt");
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var file = AtomicFile.Create(path);
            file.Stream.Write("partial"u8);
            throw new InvalidOperationException("simulated crash");
        }));
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void FailedCommitDeletesTemporary()
    {
        // The final name is an existing directory: the rename must fail, and the temporary file must go.
        var path = _dir.File("taken");
        Directory.CreateDirectory(path);
        var file = AtomicFile.Create(path);
        file.Stream.Write([42]);
        Assert.ThrowsAny<IOException>(file.Commit);
        file.Dispose();
        Assert.Equal(["taken"], _dir.Entries());
    }

    [Fact]
    public void WriteAllBytesRoundTrips()
    {
        var path = _dir.File("b.bin");
        AtomicFile.WriteAllBytes(path, [9, 8, 7]);
        Assert.Equal([9, 8, 7], File.ReadAllBytes(path));
    }
}
