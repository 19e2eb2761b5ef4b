using QkdNetSim.Runs.Import;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs.Import;

/// <summary>
/// `qkdnetsim import` on bad input: one line `error: FILE: FIELD: rule` (a row's line or record number in the rule),
/// exit code 2, and nothing written — no output directory when there was none, an earlier run's files untouched when there was.
/// A tiny hand-written access data set (one transmitter, two time bins, three clicks) is the valid base every case breaks once.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class ImportBadInputTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Setup = """
        name: tiny
        timing: {periodPs: 1000, offsetPs: 0}
        access:
          timeBins: 2
          detectors:
            - {channel: 1, bit: 0, basis: 0}
            - {channel: 2, bit: 1, basis: 0}
            - {channel: 3, bit: 0, basis: 1}
            - {channel: 4, bit: 1, basis: 1}
          users:
            - {name: A, slot: 0, intensities: [0.5, 0.1, 0], probabilities: [0.8, 0.1, 0.1]}
        """;

    // Gates 0, 4 and 10 (all in A's bin 0: pulses 0, 2, 5); a channel-7 tag the setup does not name.
    private const string Tags = "channel,time_ps\n1,0\n7,2500\n3,4010\n2,9990\n";
    private const string Settings = "user,pulse,basis,bit,intensity\nA,0,0,0,0\nA,2,1,0,1\nA,5,0,1,0\n";
    private const string Emitted = "user,intensity,emitted\nA,0,80\nA,1,10\nA,2,10\n";

    private CliResult Import(string setup = Setup, string tags = Tags, string settings = Settings, string emitted = Emitted, string? outDir = null, string tagsName = "tags.csv")
    {
        string tagsPath = tagsName == "tags.csv" ? _tmp.Write(tagsName, tags) : Path.Combine(_tmp.Root, tagsName);
        return CliRunner.Invoke("import", "--kind", "access", "--setup", _tmp.Write("setup.yaml", setup), "--tags", tagsPath,
            "--settings", _tmp.Write("settings.csv", settings), "--settings", _tmp.Write("emitted.csv", emitted), "--out", outDir ?? _tmp.Sub("out"));
    }

    private string F(string name) => Path.Combine(_tmp.Root, name);

    [Fact]
    public void The_valid_base_imports_and_analyzes()
    {
        var r = Import();
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("imported access: 3 rows", r.Stdout);
        Assert.Contains("1 tags of other channels", r.Stdout);
        var a = CliRunner.Invoke("analyze", _tmp.Sub("out"), "--format", "json");
        Assert.True(a.ExitCode == 0, a.Stderr);
        var summary = CliFiles.ReadJson(Path.Combine(_tmp.Sub("out"), "summary.json"));
        Assert.Equal(3, summary["users"]![0]!["siftedBits"]!.GetValue<long>()); // each click's basis is A's: all three sifted
    }

    [Fact]
    public void A_malformed_tag_row_gives_one_line_error_with_its_line_number()
    {
        string line = CliAssert.BadInput(Import(tags: "channel,time_ps\n1,0\n3,4o10\n2,9990\n"), F("tags.csv"), "time_ps", _tmp.Sub("out"));
        Assert.Contains("line 3: expected an integer (ps), got '4o10'", line);
    }

    [Fact]
    public void A_row_with_a_missing_field_gives_its_line_number()
    {
        string line = CliAssert.BadInput(Import(tags: "channel,time_ps\n1,0\n3\n"), F("tags.csv"), "row", _tmp.Sub("out"));
        Assert.Contains("line 3: has 1 fields, the header has 2", line);
    }

    [Fact]
    public void Tags_out_of_time_order_are_an_error_at_the_first_earlier_tag()
    {
        string line = CliAssert.BadInput(Import(tags: "channel,time_ps\n1,4000\n3,0\n"), F("tags.csv"), "time_ps", _tmp.Sub("out"));
        Assert.Contains("line 3: time 0 ps is earlier than the tag before", line);
    }

    [Fact]
    public void A_malformed_settings_row_gives_its_line_number()
    {
        string line = CliAssert.BadInput(Import(settings: "user,pulse,basis,bit,intensity\nA,0,0,0,0\nA,2,1,2,1\nA,5,0,1,0\n"), F("settings.csv"), "bit", _tmp.Sub("out"));
        Assert.Contains("line 3: value 2 is outside [0, 1]", line);
    }

    [Fact]
    public void Settings_out_of_pulse_order_are_an_error()
    {
        string line = CliAssert.BadInput(Import(settings: "user,pulse,basis,bit,intensity\nA,0,0,0,0\nA,2,1,0,1\nA,1,0,0,0\nA,5,0,1,0\n"), F("settings.csv"), "pulse", _tmp.Sub("out"));
        Assert.Contains("line 4: pulse 1 after pulse 2", line);
    }

    [Fact]
    public void A_click_without_a_settings_record_names_the_tag()
    {
        string line = CliAssert.BadInput(Import(settings: "user,pulse,basis,bit,intensity\nA,0,0,0,0\nA,5,0,1,0\n"), F("tags.csv"), "time_ps", _tmp.Sub("out"));
        Assert.Contains("line 4: the click in gate 4 (user A's pulse 2) has no record", line);
    }

    [Fact]
    public void A_truncated_binary_dump_is_an_error_naming_the_record()
    {
        using (var f = File.Create(F("tags.bin")))
        {
            TimeTagReader.WriteBinary(f, [(1, 0L), (3, 4010L)]);
            f.Write(new byte[5]);
        }
        string line = CliAssert.BadInput(Import(tagsName: "tags.bin"), F("tags.bin"), "record", _tmp.Sub("out"));
        Assert.Contains("record 3 (byte 24): truncated", line);
    }

    public static TheoryData<string, string, string, string> BadSetups => new()
    {
        { "periodPs: 1000", "periodPs: 0", "timing.periodPs", "must be > 0" },
        { "slot: 0,", "slot: 2,", "access.users.0.slot", "slot 2 is outside [0, 2)" },
        { "{channel: 2, bit: 1, basis: 0}", "{channel: 1, bit: 1, basis: 0}", "access.detectors.1.channel", "channel 1 is also access.detectors.0's" },
        { "probabilities: [0.8, 0.1, 0.1]", "probabilities: [0.8, 0.1, 0.2]", "access.users.0.probabilities", "sum to" },
        { "timeBins: 2", "timeBinz: 2", "access.timeBinz", "" },
        { "offsetPs: 0}", "offsetPs: 0, fit: sync}", "timing.syncChannel", "is required with fit: sync" },
        { "{channel: 4, bit: 1, basis: 1}", "{channel: 4, bit: 1}", "access.detectors.3.basis", "give a basis on every detector" },
    };

    [Theory]
    [MemberData(nameof(BadSetups))]
    public void A_bad_setup_field_is_one_line_naming_the_field(string from, string to, string field, string rule)
    {
        Assert.Contains(from, Setup);
        string line = CliAssert.BadInput(Import(setup: Setup.Replace(from, to)), F("setup.yaml"), field, _tmp.Sub("out"));
        Assert.Contains(rule, line);
    }

    [Fact]
    public void A_setup_without_the_kinds_section_is_one_line_naming_it()
    {
        string line = CliAssert.BadInput(Import(setup: "timing: {periodPs: 1000}\n"), F("setup.yaml"), "access", _tmp.Sub("out"));
        Assert.Contains("is missing: an import with --kind access needs the access section", line);
    }

    [Fact]
    public void A_bad_cv_calibration_is_one_line_naming_the_field()
    {
        string setup = "cv:\n  modulationVarianceSnu: 4\n  users:\n    - {name: bob1, shotNoiseVariance: 1e-3, electronicNoiseVariance: 2e-3}\n";
        var r = CliRunner.Invoke("import", "--kind", "cv", "--setup", _tmp.Write("cv.yaml", setup), "--tags", _tmp.Write("samples.csv", "round,user,alice_x,alice_p,bob_x,bob_p\n"),
            "--out", _tmp.Sub("out"));
        Assert.Contains("must exceed electronicNoiseVariance", CliAssert.BadInput(r, F("cv.yaml"), "cv.users.0.shotNoiseVariance", _tmp.Sub("out")));
    }

    [Fact]
    public void Cv_calibration_records_with_a_bad_row_too_few_samples_or_a_number_beside_them_are_one_line_errors()
    {
        string Cv(string user) => $"cv:\n  modulationVarianceSnu: 4\n  users:\n    - {{name: bob1, {user}}}\n";
        CliResult Import(string setup) => CliRunner.Invoke("import", "--kind", "cv", "--setup", _tmp.Write("cv.yaml", setup),
            "--tags", _tmp.Write("samples.csv", "round,user,alice_x,alice_p,bob_x,bob_p\n0,bob1,1,2,3,4\n"), "--out", _tmp.Sub("out"));

        _tmp.Write("shot.csv", "x,p\n0.1,0.2\n-0.1,oops\n");
        Assert.Contains("line 3:", CliAssert.BadInput(Import(Cv("shotNoiseRecords: shot.csv")), F("shot.csv"), "p", _tmp.Sub("out")));

        _tmp.Write("one.csv", "x,p\n0.1,0.2\n");
        Assert.Contains("at least 2", CliAssert.BadInput(Import(Cv("shotNoiseRecords: one.csv")), F("one.csv"), "x", _tmp.Sub("out")));

        Assert.Contains("exactly one", CliAssert.BadInput(Import(Cv("shotNoiseVariance: 1e-3, shotNoiseRecords: one.csv")),
            F("cv.yaml"), "cv.users.0.shotNoiseVariance", _tmp.Sub("out")));
        Assert.Contains("exactly one", CliAssert.BadInput(Import(Cv("efficiency: 0.6")), F("cv.yaml"), "cv.users.0.shotNoiseVariance", _tmp.Sub("out")));

        // LO-off records louder than the LO-on number: the rule names where the shot noise came from.
        _tmp.Write("loud.csv", "x,p\n1,1\n-1,-1\n");
        Assert.Contains("must exceed electronicNoiseVariance", CliAssert.BadInput(Import(Cv("shotNoiseVariance: 1e-3, electronicNoiseRecords: loud.csv")),
            F("cv.yaml"), "cv.users.0.shotNoiseVariance", _tmp.Sub("out")));
    }

    [Fact]
    public void A_malformed_cv_sample_gives_its_line_number()
    {
        string setup = "cv:\n  modulationVarianceSnu: 4\n  users:\n    - {name: bob1, shotNoiseVariance: 1.1e-3, electronicNoiseVariance: 1e-4}\n";
        var r = CliRunner.Invoke("import", "--kind", "cv", "--setup", _tmp.Write("cv.yaml", setup),
            "--tags", _tmp.Write("samples.csv", "round,user,alice_x,alice_p,bob_x,bob_p\n0,bob1,1,2,3,4\n1,bob1,1,2,NaN,4\n"), "--out", _tmp.Sub("out"));
        Assert.Contains("line 3: expected a finite number, got 'NaN'", CliAssert.BadInput(r, F("samples.csv"), "bob_x", _tmp.Sub("out")));
    }

    [Fact]
    public void An_error_late_in_the_tags_leaves_an_earlier_run_in_the_output_directory_untouched()
    {
        string outDir = _tmp.Sub("earlier");
        var first = Import(outDir: outDir);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(0, CliRunner.Invoke("analyze", outDir, "--format", "json").ExitCode);
        var before = Directory.GetFiles(outDir).ToDictionary(Path.GetFileName, f => CliFiles.Sha256(f));
        var r = Import(tags: Tags + "2,x\n", outDir: outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: {F("tags.csv")}: time_ps: line 6: ", r.StderrLines.Single());
        var after = Directory.GetFiles(outDir).ToDictionary(Path.GetFileName, f => CliFiles.Sha256(f));
        Assert.Equal(before, after);
        Assert.Empty(Directory.GetDirectories(outDir)); // no staging folder left
    }

    [Fact]
    public void A_full_per_pulse_settings_file_without_totals_counts_the_emitted_pulses()
    {
        // Every pulse 0..5 of A has a record: the emitted totals are the records per intensity (4 signal, 1 decoy, 1 vacuum).
        string full = "user,pulse,basis,bit,intensity\nA,0,0,0,0\nA,1,0,1,0\nA,2,1,0,1\nA,3,1,1,0\nA,4,0,0,2\nA,5,0,1,0\n";
        var r = CliRunner.Invoke("import", "--kind", "access", "--setup", _tmp.Write("setup.yaml", Setup), "--tags", _tmp.Write("tags.csv", Tags),
            "--settings", _tmp.Write("full.csv", full), "--out", _tmp.Sub("out"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = CliRunner.Invoke("analyze", _tmp.Sub("out"), "--format", "json");
        Assert.True(a.ExitCode == 0, a.Stderr);
        var summary = CliFiles.ReadJson(Path.Combine(_tmp.Sub("out"), "summary.json"));
        Assert.Equal("[4,1,1]", summary["users"]![0]!["emittedPulses"]!.ToJsonString());
        Assert.Equal(12e-9, summary["run"]!["simulatedTimeS"]!.GetValue<double>(), 15); // 6 pulses x 2 bins x 1 ns
    }
}
