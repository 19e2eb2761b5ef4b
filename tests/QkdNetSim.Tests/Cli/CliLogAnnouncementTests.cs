using QkdNetSim.Runs;

namespace QkdNetSim.Tests.Cli;

/// <summary>
/// `run` announces its log's expected size on stderr before it starts, and warns past the threshold (1 GB, or
/// QKDNETSIM_LOG_WARN_BYTES) with the --no-log hint. The threshold variable lets a short run cross it, so the warning
/// path is exercised end to end without writing a gigabyte; the estimate itself is tested in LogSizeEstimateTests.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliLogAnnouncementTests : IDisposable
{
    private readonly CliTempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CliResult WithThreshold(string? bytes, params string[] args)
    {
        string? old = Environment.GetEnvironmentVariable(LogSizeEstimate.WarnVariable);
        try
        {
            Environment.SetEnvironmentVariable(LogSizeEstimate.WarnVariable, bytes);
            return CliRunner.Invoke(args);
        }
        finally { Environment.SetEnvironmentVariable(LogSizeEstimate.WarnVariable, old); }
    }

    [Fact]
    public void A_run_says_how_large_its_log_will_be_before_it_starts()
    {
        string outDir = _dir.Sub("out");
        var r = WithThreshold(null, "run", "--duration", "0.01", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        // 0.01 s of the default network: ~5,100 clicks x 6.54 B = ~33 kB.
        Assert.Matches($@"^log: {System.Text.RegularExpressions.Regex.Escape(outDir)}/detections\.parquet, about 3\d\.\d kB expected \(5,\d\d\d clicks x 6\.54 B/click\)$", r.StderrLines[0]);
        Assert.True(File.Exists(Path.Combine(outDir, "detections.parquet")));
    }

    [Fact]
    public void Quiet_hides_the_announcement_and_no_log_has_none()
    {
        var quiet = WithThreshold(null, "run", "--duration", "0.01", "--quiet", "--out", _dir.Sub("q"));
        Assert.True(quiet.ExitCode == 0, quiet.Stderr);
        Assert.Equal("", quiet.Stderr);
        var noLog = WithThreshold(null, "run", "--duration", "0.01", "--no-log", "--format", "json", "--out", _dir.Sub("n"));
        Assert.True(noLog.ExitCode == 0, noLog.Stderr);
        Assert.DoesNotContain("log:", noLog.Stderr);
    }

    [Fact]
    public void A_log_past_the_threshold_gets_one_warning_line_with_the_no_log_hint_even_when_quiet()
    {
        string outDir = _dir.Sub("big");
        var r = WithThreshold("1e4", "run", "--duration", "0.01", "--quiet", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = Assert.Single(r.StderrLines);
        Assert.Matches($@"^warning: this run will write about 3\d\.\d kB to {System.Text.RegularExpressions.Regex.Escape(outDir)}/detections\.parquet \(5,\d\d\d clicks x 6\.54 B/click\); add --no-log to skip the log", line);
        Assert.True(File.Exists(Path.Combine(outDir, "summary.json"))); // a warning, not a refusal

        var skipped = WithThreshold("1e4", "run", "--duration", "0.01", "--quiet", "--no-log", "--out", _dir.Sub("skipped"));
        Assert.True(skipped.ExitCode == 0, skipped.Stderr);
        Assert.Equal("", skipped.Stderr);
    }

    [Fact]
    public void A_threshold_that_is_not_a_number_is_bad_input()
    {
        var r = WithThreshold("lots", "run", "--duration", "0.01", "--quiet", "--out", _dir.Sub("bad"));
        CliAssert.BadInput(r, "environment", LogSizeEstimate.WarnVariable, _dir.Sub("bad"));
    }
    private string Study(string name, string set)
    {
        string path = _dir.Sub(name + ".yaml");
        File.WriteAllText(path, $"name: {name}\nbase: builtin\nengine: simulate\nset: [{set}]\nparameters:\n  users.0.fibreLengthKm: [19.5, 21.5]\n");
        return path;
    }

    [Fact]
    public void A_sweep_says_how_large_its_points_logs_will_be_in_all_before_they_run()
    {
        string outDir = _dir.Sub("study");
        var r = WithThreshold(null, "sweep", Study("logs", "durationS=0.01"), "--out", outDir, "--workers", "1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        // Two points of 0.01 s of the default network: ~2 x 5,100 clicks x 6.54 B = ~67 kB.
        string points = System.Text.RegularExpressions.Regex.Escape(Path.Combine(outDir, "points"));
        Assert.Matches($@"^logs: 2 points keep detections\.parquet under {points}, about 6\d\.\d kB in all \(10,\d\d\d clicks x 6\.54 B/click\)$", r.StderrLines[0]);

        var big = WithThreshold("1e4", "sweep", Study("big", "durationS=0.01"), "--out", _dir.Sub("big-study"), "--quiet");
        Assert.True(big.ExitCode == 0, big.Stderr);
        Assert.Matches($@"^warning: 2 points keep detections\.parquet under .*, about 6\d\.\d kB in all .*; add `log\.enabled=false` to the study's `set:`", Assert.Single(big.StderrLines));

        var none = WithThreshold("1e4", "sweep", Study("none", "durationS=0.01, log.enabled=false"), "--out", _dir.Sub("none-study"), "--quiet");
        Assert.True(none.ExitCode == 0, none.Stderr);
        Assert.Equal("", none.Stderr);
    }
}
