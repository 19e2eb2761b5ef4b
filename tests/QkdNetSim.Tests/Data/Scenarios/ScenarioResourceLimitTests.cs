using System.Runtime.InteropServices;
using System.Text;
using QkdNetSim.Data.Scenarios;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Data.Scenarios;

/// <summary>
/// Resource bombs given as a scenario (issue 10, class 1): each is rejected by `qkdnetsim run` with exit code 2 and one
/// line `error: FILE: FIELD: rule` before anything is written, within <see cref="ScenarioLimits"/>, in well under a
/// second, and without opening a file that is not a regular file (a FIFO would block the open).
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ScenarioResourceLimitTests : IDisposable
{
    private readonly CliTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string OutDir => _dir.Sub("out");

    private CliResult Run(string scenario) => CliRunner.Invoke("run", scenario, "--duration", "0.01", "--quiet", "--out", OutDir);

    private string BadInput(string scenario, string file, string field) => CliAssert.BadInput(Run(scenario), file, field, OutDir);

    [Fact]
    public void AliasBombIsStoppedWhileExpanding()
    {
        // Nine levels of ten aliases each: 10^9 scalars if expanded. a0..a4 hold 123,455 nodes; each alias of a4 in a5
        // adds 111,111, so the 8th (a5.7) passes 1,000,000.
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 8; i++)
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        string file = _dir.Write("alias.yaml", yaml.ToString());

        string line = BadInput(file, file, "a5.7");
        Assert.Contains($"more than {ScenarioLimits.MaxNodes} YAML values", line);
    }

    [Fact]
    public void NestingBombIsRejectedAtTheDepthLimit()
    {
        // 100,000 nested lists overflowed the stack of the recursive reader and killed the process.
        string file = _dir.Write("deep.yaml", "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        // The root mapping is level 1, a's list level 2: the list at level 65 sits under 'a' and 63 indices.
        string field = string.Join('.', Enumerable.Repeat("0", ScenarioLimits.MaxNestingDepth - 1).Prepend("a"));

        string line = BadInput(file, file, field);
        Assert.EndsWith($"nested more than {ScenarioLimits.MaxNestingDepth} levels deep", line);
    }

    [Fact]
    public void NestingAtTheDepthLimitIsRead()
    {
        // Exactly 64 levels parse: the error that follows is the schema's (an unknown key), not the limit's.
        string file = _dir.Write("deep64.yaml", "a: " + new string('[', ScenarioLimits.MaxNestingDepth - 1) + new string(']', ScenarioLimits.MaxNestingDepth - 1) + "\n");
        string line = BadInput(file, file, "a");
        Assert.Contains("unknown key 'a'", line);
    }

    [Fact]
    public void IncludeChainPastTheLimitIsRejectedNamingTheChain()
    {
        int files = ScenarioLimits.MaxIncludeDepth + 4;
        for (int i = 0; i < files; i++)
            _dir.Write($"m{i}.yaml", i + 1 < files ? $"model: m{i + 1}.yaml\n" : "name: deepest\n");
        string scenario = _dir.Sub("m0.yaml");
        // m0 is the scenario; m1..m16 are 16 nested includes; m16 including m17 is one too many.
        string blamed = Path.GetFullPath(_dir.Sub($"m{ScenarioLimits.MaxIncludeDepth}.yaml"));

        string line = BadInput(scenario, blamed, "model");
        Assert.Contains($"more than {ScenarioLimits.MaxIncludeDepth} deep", line);
        Assert.Contains($"m{ScenarioLimits.MaxIncludeDepth + 1}.yaml", line);
    }

    [Fact]
    public void IncludeChainAtTheLimitIsRead()
    {
        for (int i = 0; i <= ScenarioLimits.MaxIncludeDepth; i++)
            _dir.Write($"m{i}.yaml", i < ScenarioLimits.MaxIncludeDepth ? $"model: m{i + 1}.yaml\n" : "bogus: 1\n");
        // The deepest model's unknown key is reached (and blamed on it): 16 includes deep is allowed.
        string deepest = Path.GetFullPath(_dir.Sub($"m{ScenarioLimits.MaxIncludeDepth}.yaml"));
        string line = BadInput(_dir.Sub("m0.yaml"), deepest, "bogus");
        Assert.Contains("unknown key 'bogus'", line);
    }

    [Fact]
    public void IncludeCycleIsRejectedNamingTheCycle()
    {
        string a = _dir.Write("a.yaml", "model: b.yaml\n");
        string b = Path.GetFullPath(_dir.Write("b.yaml", "receiver:\n  model: a.yaml\n"));

        string line = BadInput(a, b, "receiver.model");
        Assert.Contains($"model include cycle: {Path.GetFullPath(a)} -> {b} -> {Path.GetFullPath(a)}", line);
    }

    [Fact]
    public void IncludeFanOutPastTheTotalLimitIsRejected()
    {
        // Each level includes the next one ten times: 10^5 inclusions without a cycle, unless counted.
        for (int i = 0; i < 5; i++)
            _dir.Write($"f{i}.yaml", string.Concat(Enumerable.Range(0, 10).Select(k => $"k{k}:\n  model: f{i + 1}.yaml\n")));
        _dir.Write("f5.yaml", "x: 1\n");

        // Depth first, an inclusion of f4 brings 11 inclusions and one of f3 111, so f0.k0 (1) > f1.k0 (2) > f2.k2 (225,
        // after 2 x 111) > f3.k2 (248, after 2 x 11) > f4.k8 (257) is the first past the limit.
        string line = BadInput(_dir.Sub("f0.yaml"), Path.GetFullPath(_dir.Sub("f4.yaml")), "k0.k0.k2.k2.k8.model");
        Assert.Contains($"more than {ScenarioLimits.MaxIncludes} times", line);
    }

    [Fact]
    public void OversizedFileIsRejectedBeforeParsing()
    {
        string file = _dir.Sub("big.yaml");
        using (var w = new StreamWriter(file))
        {
            w.Write("name: big\n#");
            w.Write(new string('x', (int)ScenarioLimits.MaxFileBytes));
        }

        string line = BadInput(file, file, "(file)");
        Assert.EndsWith("scenario file is larger than 4 MiB, the limit for scenario and model files", line);
    }

    [Fact]
    public void OversizedModelFileIsBlamedOnTheModelKey()
    {
        string scenario = _dir.Write("s.yaml", "receiver:\n  model: rx.yaml\n");
        File.WriteAllText(_dir.Sub("rx.yaml"), "#" + new string('x', (int)ScenarioLimits.MaxFileBytes));

        string line = BadInput(scenario, Path.GetFullPath(scenario), "receiver.model");
        Assert.Contains("model file 'rx.yaml' is larger than 4 MiB", line);
    }

    [Fact]
    public void DevNullIsNotAScenario()
    {
        if (OperatingSystem.IsWindows()) return; // no /dev on Windows
        string line = BadInput("/dev/null", "/dev/null", "(file)");
        Assert.EndsWith("scenario file is a character device, not a regular file", line);
    }

    [Fact]
    public void DevZeroIsNotReadForever()
    {
        if (OperatingSystem.IsWindows()) return; // no /dev on Windows
        string line = BadInput("/dev/zero", "/dev/zero", "(file)");
        Assert.EndsWith("scenario file is a character device, not a regular file", line);
    }

    [Fact]
    public void FifoIsRejectedWithoutOpeningIt()
    {
        if (OperatingSystem.IsWindows()) return; // no FIFOs on Windows
        string fifo = _dir.Sub("pipe.yaml");
        Assert.Equal(0, MkFifo(fifo, Convert.ToUInt32("644", 8)));

        var run = Task.Run(() => Run(fifo));
        if (!run.Wait(TimeSpan.FromSeconds(10)))
        {
            // The reader blocked in open(2): give it a writer so the test process is not left hanging, then fail.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("run blocked on opening the FIFO");
        }
        string line = CliAssert.BadInput(run.Result, fifo, "(file)", OutDir);
        Assert.EndsWith("scenario file is a named pipe (FIFO), not a regular file", line);
    }

    [Fact]
    public void FifoAsModelFileIsRejectedWithoutOpeningIt()
    {
        if (OperatingSystem.IsWindows()) return; // no FIFOs on Windows
        string scenario = _dir.Write("s.yaml", "model: pipe.yaml\n");
        string fifo = _dir.Sub("pipe.yaml");
        Assert.Equal(0, MkFifo(fifo, Convert.ToUInt32("644", 8)));

        var run = Task.Run(() => Run(scenario));
        if (!run.Wait(TimeSpan.FromSeconds(10)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("run blocked on opening the FIFO");
        }
        string line = CliAssert.BadInput(run.Result, Path.GetFullPath(scenario), "model", OutDir);
        Assert.EndsWith("model file 'pipe.yaml' is a named pipe (FIFO), not a regular file", line);
    }

    [Fact]
    public void DirectoryIsNotAScenario()
    {
        string dir = _dir.Sub("adir");
        Directory.CreateDirectory(dir);
        string line = BadInput(dir, dir, "(file)");
        Assert.EndsWith("scenario file is a directory, not a regular file", line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("# only a comment\n# and another\n")]
    public void EmptyFileIsNotAnEmptyNetwork(string text)
    {
        // Today's class defaults are an 8-port network with no active user: an empty file is a mistake, not that.
        string file = _dir.Write("empty.yaml", text);
        string line = BadInput(file, file, "(file)");
        Assert.Contains("scenario file is empty (no keys, only blank lines or comments)", line);
    }

    [Fact]
    public void EmptyModelFileIsBlamedOnTheModelKey()
    {
        string scenario = _dir.Write("s.yaml", "receiver:\n  model: rx.yaml\n");
        _dir.Write("rx.yaml", "# to be filled in\n");
        string line = BadInput(scenario, Path.GetFullPath(scenario), "receiver.model");
        Assert.Contains("model file 'rx.yaml' is empty", line);
    }

    [Fact]
    public void OverlongKeyIsRejected()
    {
        string key = new('k', ScenarioLimits.MaxKeyLength + 1);
        string file = _dir.Write("key.yaml", $"receiver:\n  ? {key}\n  : 1\n");
        string line = BadInput(file, file, "receiver");
        Assert.EndsWith($"a key on line 2 is longer than {ScenarioLimits.MaxKeyLength} characters", line);
    }

    [Fact]
    public void AliasesWithinTheLimitStillWork()
    {
        // An anchored receiver reused through an alias: read as before (the run then fails on the schema, not a limit).
        string file = _dir.Write("ok.yaml", "receiver: &rx\n  timeBins: 4\nuserDefaults:\n  bogus: *rx\n");
        string line = BadInput(file, file, "userDefaults.bogus");
        Assert.Contains("unknown key 'bogus'", line);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
