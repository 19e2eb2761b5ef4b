using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using QkdNetSim.Runs;
using QkdNetSim.Studies;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Studies;

/// <summary>
/// Running studies: the same dataset for any number of workers, stable points as a study grows, resume after an
/// interruption, failed points recorded, the model engine, array tasks with collect and status, the DuckDB view of
/// points.parquet, and a dry run.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class StudyRunnerTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Ap = "receiver.detector.afterpulseProbability";

    /// <summary>A built-in seed-004 study of 2 x 2 points, 3 ms sessions without logs.</summary>
    private string AccessStudy(string values = "[0.045, 0.10]") => _tmp.Write($"access{Guid.NewGuid():N}.yaml",
        $"name: access\nbase: builtin\nseed: 5\nset: [durationS=0.003, log.enabled=false]\nparameters:\n  {Ap}: {values}\nrepeats: 2\n");

    private static CliResult Sweep(params string[] args)
    {
        var r = CliRunner.Invoke(["sweep", .. args, "--quiet"]);
        Assert.True(r.ExitCode == 0, $"sweep {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    /// <summary>Every cell of two frames, columns whose name mentions wall-clock time left out.</summary>
    private static void AssertSameFrames(DataFrame a, DataFrame b)
    {
        Assert.Equal(a.Columns.Select(c => c.Name), b.Columns.Select(c => c.Name));
        Assert.Equal(a.Rows.Count, b.Rows.Count);
        foreach (var col in a.Columns.Where(c => !c.Name.Contains("wall", StringComparison.OrdinalIgnoreCase)))
            for (long r = 0; r < a.Rows.Count; r++)
                Assert.True(Equals(col[r], b.Columns[col.Name][r]), $"{col.Name} row {r}: {col[r]} vs {b.Columns[col.Name][r]}");
    }

    [Fact]
    public void One_and_two_workers_give_the_same_dataset()
    {
        string study = AccessStudy();
        Sweep(study, "--out", _tmp.Sub("w1"), "--workers", "1");
        Sweep(study, "--out", _tmp.Sub("w2"), "--workers", "2");
        var one = StudyDataset.Load(_tmp.Sub("w1"));
        AssertSameFrames(one, StudyDataset.Load(_tmp.Sub("w2")));
        Assert.Equal(4 * 2, one.Rows.Count); // 4 points x 2 users
        Assert.Contains(one.Columns["run.simulatedGates"].Cast<long?>(), g => g > 0);
    }

    [Fact]
    public void Extending_a_grid_leaves_existing_points_results_unchanged()
    {
        Sweep(AccessStudy(), "--out", _tmp.Sub("small"));
        Sweep(AccessStudy("[0.02, 0.045, 0.07, 0.10]"), "--out", _tmp.Sub("large"));
        int shared = 0;
        foreach (string summary in Directory.EnumerateFiles(_tmp.Sub("small"), RunPipeline.SummaryFileName, SearchOption.AllDirectories))
        {
            string other = summary.Replace(_tmp.Sub("small"), _tmp.Sub("large"), StringComparison.Ordinal);
            string[] wall = ["run.wallTimeS", "run.eventsPerWallSecond"];
            CliFiles.AssertSameJson(CliFiles.Without(CliFiles.ReadJson(summary), wall), CliFiles.Without(CliFiles.ReadJson(other), wall), other);
            shared++;
        }
        Assert.Equal(4, shared);
    }

    [Fact]
    public void The_dataset_reads_in_DuckDB_with_one_row_per_point_and_user_and_typed_columns()
    {
        string outDir = _tmp.Sub("duck");
        Sweep(AccessStudy(), "--out", outDir);
        string file = Path.Combine(outDir, StudyOutput.DatasetFileName);
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        var types = new Dictionary<string, string>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{file}')";
            using var r = cmd.ExecuteReader();
            while (r.Read()) types[r.GetString(0)] = r.GetString(1);
        }
        var expected = new Dictionary<string, string>
        {
            [Ap] = "DOUBLE", ["point"] = "VARCHAR", ["repeat"] = "INTEGER", ["seed"] = "BIGINT", ["engine"] = "VARCHAR", ["status"] = "VARCHAR",
            ["error"] = "VARCHAR", ["wallTimeS"] = "DOUBLE", ["unit"] = "INTEGER", ["unitName"] = "VARCHAR",
            ["siftedBits"] = "BIGINT", ["active"] = "BOOLEAN", ["qberSignal"] = "DOUBLE", ["channelLossDb"] = "DOUBLE",
            ["siftedBitsPerBasisIntensity.0.1"] = "BIGINT", ["decoyFinite.phaseErrorUpper.0"] = "DOUBLE",
            ["run.simulatedGates"] = "BIGINT", ["scenarioHash"] = "VARCHAR", ["bins.7.clickRows"] = "BIGINT", ["truth.darkCount"] = "BIGINT",
            // Zero at every point of these short sessions, yet double: the summary type declares them real.
            ["secretKeyRateBitPerS"] = "DOUBLE", ["finiteKeyLengthBits"] = "DOUBLE", ["doubleClicks"] = "BIGINT",
        };
        foreach (var (name, type) in expected) Assert.True(types.TryGetValue(name, out var t) && t == type, $"{name}: {t ?? "missing"}, expected {type}; " + string.Join(", ", types.Select(kv => kv.Key + " " + kv.Value)));
        Assert.Equal(["point", "repeat", "seed", "engine", "status", "error", "wallTimeS", "unit", "unitName"], types.Keys.Skip(1).Take(9));
        Assert.DoesNotContain(types.Keys, k => k.StartsWith("users.", StringComparison.Ordinal)); // the units array is the rows

        using var q = db.CreateCommand();
        q.CommandText = $"""
            SELECT "{Ap}", unitName, count(*), count(DISTINCT seed), min(status), max(status), sum("run.simulatedGates" > 0)
            FROM read_parquet('{file}') GROUP BY ALL ORDER BY ALL
            """;
        using var rows = q.ExecuteReader();
        var got = new List<string>();
        while (rows.Read()) got.Add($"{rows.GetDouble(0)} {rows.GetString(1)} {rows.GetInt64(2)} {rows.GetInt64(3)} {rows.GetString(4)} {rows.GetString(5)} {rows.GetValue(6)}");
        Assert.Equal(["0.045 T1 2 2 done done 2", "0.045 T2 2 2 done done 2", "0.1 T1 2 2 done done 2", "0.1 T2 2 2 done done 2"], got);
    }

    [Fact]
    public void Resume_skips_done_points_and_redoes_an_interrupted_one()
    {
        var kind = new FakeStudyKind("studyFakeResume") { BlockAtX = 2 };
        using var registration = KindRegistry.Register(kind);
        string baseFile = _tmp.Write("base.yaml", $"kind: {kind.Name}\nname: fake\n");
        var study = StudyFile.Load(_tmp.Write("s.yaml", "base: base.yaml\nparameters:\n  x: [1, 2, 3]\n"));
        string outDir = _tmp.Sub("resume");

        using var cts = new CancellationTokenSource();
        var running = Task.Run(() => StudyRunner.Run(study, new StudyRunOptions(outDir, Workers: 1), null, cts.Token));
        Assert.True(kind.Entered.Wait(TimeSpan.FromSeconds(30)), "the blocking point never started");
        cts.Cancel();
        var first = running.GetAwaiter().GetResult();
        Assert.True(first.Interrupted);
        Assert.Equal([PointStatus.Done, PointStatus.Interrupted], first.Points.Select(p => p.Status));
        string Dir(int i) => StudyOutput.PointDir(outDir, study.Points()[i]);
        Assert.Equal(PointStatus.Interrupted, PointRecord.TryRead(Dir(1))!.Status);
        Assert.Null(PointRecord.TryRead(Dir(2)));
        var status = StudyStatus.Read(outDir);
        Assert.Equal((1, 0, 1, 1), (status.Done, status.Failed, status.Interrupted, status.Pending));
        string firstRecord = File.ReadAllText(Path.Combine(Dir(0), PointRecord.FileName));

        kind.BlockAtX = null;
        int runsBefore = kind.Runs;
        var second = StudyRunner.Run(study, new StudyRunOptions(outDir, Workers: 1, Resume: true));
        Assert.False(second.Interrupted);
        Assert.Equal([true, false, false], second.Points.Select(p => p.Skipped));
        Assert.All(second.Points, p => Assert.Equal(PointStatus.Done, p.Status));
        Assert.Equal(runsBefore + 2, kind.Runs);
        Assert.Equal(firstRecord, File.ReadAllText(Path.Combine(Dir(0), PointRecord.FileName)));
        var frame = StudyDataset.Load(outDir, ["x", "status", "unit"]);
        Assert.Equal(Enumerable.Repeat("done", 6), frame.Columns["status"].Cast<string>());
    }

    [Fact]
    public void A_failing_point_is_recorded_with_its_error_and_the_study_goes_on()
    {
        var kind = new FakeStudyKind("studyFakeFail") { FailAtX = 2 };
        using var registration = KindRegistry.Register(kind);
        _tmp.Write("base.yaml", $"kind: {kind.Name}\nname: fake\nunits: 3\n");
        string study = _tmp.Write("s.yaml", "base: base.yaml\nparameters:\n  x: [1, 2, 3]\n");
        string outDir = _tmp.Sub("fail");
        var r = Sweep(study, "--out", outDir, "--workers", "2");
        Assert.Contains("2 done", r.Stdout);
        Assert.Contains("1 failed", r.Stdout);
        var frame = StudyDataset.Load(outDir);
        // 3 units for each done point, one row (unit -1, metrics null) for the failed one.
        Assert.Equal([1L, 1, 1, 2, 3, 3, 3], frame.Columns["x"].Cast<long?>().Select(x => x!.Value));
        Assert.Equal([0, 1, 2, -1, 0, 1, 2], frame.Columns["unit"].Cast<int?>().Select(x => x!.Value));
        Assert.Equal("failed", frame.Columns["status"][3]);
        Assert.Equal("AnalysisInputException: x: no key at this x (a test's failing point)", frame.Columns["error"][3]);
        Assert.Null(frame.Columns["value"][3]);
        Assert.Null(frame.Columns["total"][3]);
        Assert.Null(frame.Columns["error"][0]);
        // Typing: integral JSON numbers int64, fractions double, booleans, text with nulls, arrays by index.
        Assert.IsType<PrimitiveDataFrameColumn<long>>(frame.Columns["count"]);
        Assert.IsType<PrimitiveDataFrameColumn<double>>(frame.Columns["value"]);
        Assert.IsType<PrimitiveDataFrameColumn<double>>(frame.Columns["pair.1"]);
        Assert.IsType<PrimitiveDataFrameColumn<long>>(frame.Columns["pair.0"]);
        Assert.IsType<BooleanDataFrameColumn>(frame.Columns["positive"]);
        Assert.Equal("u2", frame.Columns["unitName"][2]);
        // The root's x collides with the parameter x: "network.x"; the envelope's seed and engine are the fixed columns.
        Assert.Equal([1L, 1, 1, null, 3, 3, 3], frame.Columns["network.x"].Cast<long?>());
        Assert.Single(frame.Columns, c => c.Name == "seed");
        var failed = Assert.Single(StudyStatus.Read(outDir).Failures);
        Assert.StartsWith("x=2/", failed.Point);
    }

    [Fact]
    public void Both_engines_run_every_point_and_a_knob_rewrites_the_scenario()
    {
        var kind = new FakeStudyKind("studyFakeModel");
        using var registration = KindRegistry.Register(kind);
        _tmp.Write("base.yaml", $"kind: {kind.Name}\nname: fake\n");
        string study = _tmp.Write("s.yaml", "base: base.yaml\nengine: both\nparameters:\n  twice: [1.5, 4]\n");
        string outDir = _tmp.Sub("both");
        Sweep(study, "--out", outDir);
        var model = CliFiles.ReadJson(Path.Combine(outDir, "points", "twice=4", "engine=model", "repeat=0", RunPipeline.SummaryFileName));
        var simulate = CliFiles.ReadJson(Path.Combine(outDir, "points", "twice=4", "engine=simulate", "repeat=0", RunPipeline.SummaryFileName));
        Assert.Equal("model", model["engine"]!.GetValue<string>());
        Assert.Equal(8.0, model["x"]!.GetValue<double>()); // the knob set x = 2 x 4
        Assert.Equal(model["seed"]!.GetValue<ulong>(), simulate["seed"]!.GetValue<ulong>()); // a cross-check shares the seed
        var frame = StudyDataset.Load(outDir, ["twice", "engine", "note"]);
        Assert.Equal(["simulate", "simulate", "model", "model", "simulate", "simulate", "model", "model"], frame.Columns["engine"].Cast<string>());
        Assert.Null(frame.Columns["note"][2]); // a field the model leaves null stays null

        // A kind without a model engine cannot run engine: model.
        using var noModel = KindRegistry.Register(new FakeStudyKind("studyFakeNoModel", hasModel: false));
        _tmp.Write("base2.yaml", "kind: studyFakeNoModel\nname: fake\n");
        string bad = _tmp.Write("bad.yaml", "base: base2.yaml\nengine: model\n");
        var r = CliRunner.Invoke("sweep", bad, "--out", _tmp.Sub("bad"), "--quiet");
        CliAssert.BadInput(r, bad, "engine", _tmp.Sub("bad"));
    }

    [Fact]
    public void Array_tasks_write_their_points_and_collect_builds_the_same_dataset_as_a_local_run()
    {
        var kind = new FakeStudyKind("studyFakeTasks");
        using var registration = KindRegistry.Register(kind);
        _tmp.Write("base.yaml", $"kind: {kind.Name}\nname: fake\n");
        string study = _tmp.Write("s.yaml", "base: base.yaml\nseed: 3\nparameters:\n  x: [1, 2, 3, 4, 5]\nrepeats: 2\n");
        string tasks = _tmp.Sub("tasks");
        Sweep(study, "--out", tasks, "--task", "1", "--tasks", "3");
        Assert.False(File.Exists(Path.Combine(tasks, StudyOutput.DatasetFileName)));
        var status = CliRunner.Invoke("sweep", "status", tasks);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("10 points: 3 done, 0 failed, 0 interrupted, 7 pending", status.Stdout); // indices 1, 4, 7
        Sweep(study, "--out", tasks, "--task", "0", "--tasks", "3");
        Sweep(study, "--out", tasks, "--task", "2", "--tasks", "3");
        Sweep(study, "--out", tasks, "--task", "2", "--tasks", "3"); // a requeued task redoes nothing
        Assert.Equal(10, kind.Runs);
        var collect = CliRunner.Invoke("sweep", "collect", tasks);
        Assert.True(collect.ExitCode == 0, collect.Stderr);
        Assert.Contains("20 rows", collect.Stdout);
        Sweep(study, "--out", _tmp.Sub("local"));
        AssertSameFrames(StudyDataset.Load(_tmp.Sub("local")), StudyDataset.Load(tasks));
    }

    [Fact]
    public void A_dry_run_prints_the_validated_points_and_writes_nothing()
    {
        string study = AccessStudy();
        string outDir = _tmp.Sub("dry");
        var r = Sweep(study, "--out", outDir, "--dry-run");
        foreach (var p in StudyFile.Load(study).Points())
        {
            Assert.Contains(p.Id, r.Stdout);
            Assert.Contains(p.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Stdout);
        }
        Assert.Contains("4 points", r.Stdout);
        Assert.False(Directory.Exists(outDir));

        string bad = _tmp.Write("bad.yaml", $"base: builtin\nparameters:\n  {Ap}: [0.1, 7]\n");
        CliAssert.BadInput(CliRunner.Invoke("sweep", bad, "--out", outDir, "--dry-run"), bad, "parameters." + Ap, outDir);
    }

    [Fact]
    public void The_tool_command_names_an_existing_program()
    {
        var command = ToolCommand.Current();
        Assert.True(File.Exists(command[^1]) || command[^1] == "dotnet", string.Join(' ', command));
        Assert.All(command.Where(File.Exists), c => Assert.True(Path.IsPathRooted(c)));
    }
}
