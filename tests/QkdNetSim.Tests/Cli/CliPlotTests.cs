using System.Xml.Linq;
using QkdNetSim.Tests.Experiments.Plotting;

namespace QkdNetSim.Tests.Cli;

/// <summary>`qkdnetsim plot` on a synthetic study dataset: the files, their text, and every bad-input case.</summary>
[Collection(CliConsoleCollection.Name)]
public sealed class CliPlotTests : IDisposable
{
    private readonly CliTempDir _tmp = new();
    private readonly string _study;

    public CliPlotTests()
    {
        _study = _tmp.Sub("sharing");
        SyntheticStudy.Write(_study);
    }

    public void Dispose() => _tmp.Dispose();

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG starts with its signature; the SVG parses with an svg root; returns the SVG's text.</summary>
    private static string CheckFiles(string png, string svg)
    {
        Assert.Equal(PngSignature, File.ReadAllBytes(png).Take(8));
        var doc = XDocument.Load(svg);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), doc.Root!.Name);
        return string.Join("\n", doc.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value.Trim()));
    }

    [Fact]
    public void A_line_plot_writes_a_png_and_an_svg_whose_labels_carry_the_units()
    {
        var r = CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--by", "afterpulseProbability");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        string stem = Path.Combine(_study, "figures", "secretKeyRateBitPerS-vs-distanceKm-by-afterpulseProbability");
        string text = CheckFiles(stem + ".png", stem + ".svg");
        Assert.Contains("secret key rate (bit/s)", text); // log axes: the label names the quantity and unit, the ticks the values
        Assert.Contains("distance (km)", text);
        Assert.DoesNotContain("log scale", text);
        Assert.Contains("afterpulse probability = 0.045", text);
        Assert.Contains("afterpulse probability = 0.1", text);
        Assert.Contains("minimum over 2 units", text);
        Assert.Contains("10000", text); // a decade label of the log axis, as a number
        Assert.Contains("note: 2 of 32 rows left out: status not done (2 failed)", r.Stdout);
        Assert.Contains($"wrote {stem}.png", r.Stdout);
        Assert.Contains($"wrote {stem}.svg", r.Stdout);
        CliAssert.NoTempFiles(Path.Combine(_study, "figures"));
    }

    [Fact]
    public void A_heatmap_goes_to_the_out_stem_with_a_labelled_colour_bar()
    {
        string stem = _tmp.Sub("figs/map");
        var r = CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--by", "afterpulseProbability",
            "--heatmap", "--out", stem + ".png");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string text = CheckFiles(stem + ".png", stem + ".svg");
        Assert.Contains("secret key rate (bit/s)", text); // the colour bar (log scale, ticks in bit/s)
        Assert.Contains("afterpulse probability", text);
        Assert.Contains("minimum over 2 units", text);
        Assert.Contains("note: 2 of 8 cells grey: mean of 'secretKeyRateBitPerS' ≤ 0 (log colour scale)", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(_study, "figures")));
    }

    [Fact]
    public void By_unitName_gives_one_series_per_user_and_a_probability_stays_linear()
    {
        var r = CliRunner.Invoke("plot", _study, "--x", "afterpulseProbability", "--y", "qberSignal", "--by", "unitName");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string stem = Path.Combine(_study, "figures", "qberSignal-vs-afterpulseProbability-by-unitName");
        string text = CheckFiles(stem + ".png", stem + ".svg");
        Assert.Contains("QBER signal", text);
        Assert.DoesNotContain("log scale", text); // a probability on linear axes
        Assert.Contains("alice, distance = 1 km", text);
        Assert.Contains("bob, distance = 1000 km", text);
    }

    [Fact]
    public void A_dotted_metric_is_found_and_labelled_by_its_last_named_segment()
    {
        string stem = _tmp.Sub("phase");
        var r = CliRunner.Invoke("plot", _study, "--x", "afterpulseProbability", "--y", "decoyFinite.phaseErrorUpper.0", "--out", stem);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("phase error upper [0], decoy finite", CheckFiles(stem + ".png", stem + ".svg"));
    }

    [Fact]
    public void A_folder_without_points_parquet_suggests_sweep_collect()
    {
        string empty = _tmp.Sub("empty");
        Directory.CreateDirectory(empty);
        string line = Rejected(CliRunner.Invoke("plot", empty, "--x", "distanceKm", "--y", "qberSignal"), empty, "points.parquet", empty);
        Assert.Contains($"qkdnetsim sweep collect {empty}", line);
    }

    [Theory]
    [InlineData("--y", "secretKeyRate", "did you mean 'secretKeyRateBitPerS'?")]
    [InlineData("--x", "distance", "did you mean 'distanceKm'?")]
    [InlineData("--by", "afterpulse", "did you mean 'afterpulseProbability'?")]
    public void An_unknown_column_gets_the_nearest_names(string option, string column, string hint)
    {
        var args = new Dictionary<string, string> { ["--x"] = "distanceKm", ["--y"] = "qberSignal" };
        args[option] = column;
        var cmd = new List<string> { "plot", _study };
        foreach (var (k, v) in args) cmd.AddRange([k, v]);
        string line = Rejected(CliRunner.Invoke(cmd.ToArray()), Path.Combine(_study, "points.parquet"), option, _study);
        Assert.Contains($"no column '{column}'", line);
        Assert.Contains(hint, line);
        Assert.Contains("e.g. afterpulseProbability, distanceKm", line);
    }

    [Fact]
    public void A_text_column_cannot_be_the_metric() =>
        Assert.Contains("column 'unitName' holds text, expected numbers",
            Rejected(CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "unitName"), Path.Combine(_study, "points.parquet"), "--y", _study));

    [Fact]
    public void A_heatmap_needs_by() =>
        Assert.Contains("needs --by",
            Rejected(CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "qberSignal", "--heatmap"), "command line", "--heatmap", _study));

    [Fact]
    public void The_x_option_is_required() =>
        Rejected(CliRunner.Invoke("plot", _study, "--y", "qberSignal"), "command line", "--x", _study);

    [Fact]
    public void A_study_whose_points_all_failed_has_nothing_to_plot()
    {
        string failed = _tmp.Sub("failed");
        SyntheticStudy.Write(failed, allFailed: true);
        Assert.Contains("nothing to plot",
            Rejected(CliRunner.Invoke("plot", failed, "--x", "distanceKm", "--y", "qberSignal"), Path.Combine(failed, "points.parquet"), "--y", failed));
    }

    /// <summary>Exit 2, one line "error: FILE: FIELD: rule", and no figure written into the study folder.</summary>
    private static string Rejected(CliResult r, string file, string field, string study)
    {
        Assert.True(r.ExitCode == 2, $"expected exit 2, got {r.ExitCode}: {r.Stdout}{r.Stderr}");
        Assert.True(r.StderrLines.Length == 1, $"expected one stderr line: {r.Stderr}");
        Assert.StartsWith($"error: {file}: {field}: ", r.StderrLines[0]);
        Assert.False(Directory.Exists(Path.Combine(study, "figures")), "bad input wrote figures");
        return r.StderrLines[0];
    }

    [Fact]
    public void Where_keeps_only_the_matching_rows_and_says_so_in_the_title()
    {
        var r = CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--where", "afterpulseProbability=0.1");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string stem = Path.Combine(_study, "figures", "secretKeyRateBitPerS-vs-distanceKm-where-afterpulseProbability=0.1");
        string text = CheckFiles(stem + ".png", stem + ".svg");
        Assert.Contains("afterpulse probability = 0.1", text);
        Assert.DoesNotContain("afterpulse probability = 0.045", text); // no series of the other value
        var bad = CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--where", "afterpulseProbability=0.3");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--where: nothing to plot: no done row has afterpulseProbability=0.3", bad.Stderr);
        var noColumn = CliRunner.Invoke("plot", _study, "--x", "distanceKm", "--y", "secretKeyRateBitPerS", "--where", "afterpulse=0.1");
        Assert.Equal(2, noColumn.ExitCode);
        Assert.Contains("--where: no column 'afterpulse'", noColumn.Stderr);
    }

    [Fact]
    public void A_knob_parameter_is_labelled_with_the_unit_the_dataset_declares()
    {
        // A real study of the built-in network over the access knob `distance` (unit km, no suffix in its name): the
        // dataset's footer declares the unit and the axis label carries it.
        string studyFile = _tmp.Write("knob/study.yaml", """
            name: knob
            base: builtin
            engine: model
            set: [durationS=1, log.enabled=false]
            parameters:
              distance: [1, 5, 9]
            """);
        string dir = _tmp.Sub("knob/out");
        var sweep = CliRunner.Invoke("sweep", studyFile, "--out", dir, "--quiet", "--workers", "1");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        var r = CliRunner.Invoke("plot", dir, "--x", "distance", "--y", "qberSignal", "--out", _tmp.Sub("knob/fig"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        string text = CheckFiles(_tmp.Sub("knob/fig.png"), _tmp.Sub("knob/fig.svg"));
        Assert.Contains("distance (km)", text);
    }
}
