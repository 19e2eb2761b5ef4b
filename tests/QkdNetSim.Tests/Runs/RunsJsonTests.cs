using System.Text.Json;
using QkdNetSim.Data.Json;
using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs;

/// <summary>
/// summary.json and the log-footer manifests are written from source-generated metadata (<see cref="RunsJson"/>); the
/// bytes must be those of the one JSON contract served by reflection (<see cref="JsonContract"/>), for every kind, with
/// IEEE specials as named literals and nulls written, and each reads back through either.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class RunsJsonTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string Model(string relative) => Path.Combine(CliFiles.RepoRoot, "models", "networks", relative);

    /// <summary>A run of each kind, with its log: the summary returned and the manifest JSON in the log's footer.</summary>
    public static TheoryData<string, string?, string[]> Kinds => new()
    {
        { "access", null, ["durationS=0.01"] },
        { "mdi", "seed002-four-user-mdi.yaml", ["durationS=0.01"] },
        { "cv", "seed000-three-node-cv.yaml", ["samples=20000"] },
    };

    private (SummaryEnvelope Summary, string Dir) Run(string name, string? model, string[] sets)
    {
        var (kind, scenario) = RunPipeline.Load(model is null ? null : Model(model), sets, BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        string dir = _tmp.Sub(name);
        return (RunPipeline.Execute(kind, scenario, dir), dir);
    }

    private static string Reflection(object value, JsonSerializerOptions options) => JsonSerializer.Serialize(value, value.GetType(), options);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Summary_json_has_the_bytes_of_the_reflection_contract_and_reads_back(string name, string? model, string[] sets)
    {
        var (summary, dir) = Run(name, model, sets);
        string written = File.ReadAllText(Path.Combine(dir, RunPipeline.SummaryFileName));
        Assert.Equal(Reflection(summary, JsonContract.Indented), written);
        Assert.Equal(written, summary.ToJson());

        // Read back by the generated metadata and by reflection: the same object, so the same bytes again.
        var generated = JsonSerializer.Deserialize(written, summary.GetType(), RunsJson.Indented)!;
        var reflected = JsonSerializer.Deserialize(written, summary.GetType(), JsonContract.Indented)!;
        Assert.Equal(written, Reflection(generated, JsonContract.Indented));
        Assert.Equal(written, ((SummaryEnvelope)reflected).ToJson());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_manifest_in_the_log_footer_has_the_bytes_of_the_reflection_contract(string name, string? model, string[] sets)
    {
        var (_, dir) = Run(name, model, sets);
        (string json, object manifest) = name switch
        {
            "access" => Footer(DetectionLogReader.Open(Path.Combine(dir, DetectionLogSchema.FileName)), j => RunManifest.FromJson(j, "log")),
            "mdi" => Footer(CoincidenceLogReader.Open(Path.Combine(dir, CoincidenceLogSchema.FileName)), j => MdiRunManifest.FromJson(j, "log")),
            _ => Footer(CvSampleLogReader.Open(Path.Combine(dir, CvSampleLogSchema.FileName)), j => CvRunManifest.FromJson(j, "log")),
        };
        Assert.Equal(Reflection(manifest, JsonContract.Compact), json);
        Assert.Equal(JsonSerializer.Serialize(manifest, manifest.GetType(), RunsJson.Compact), json);
    }

    private static (string Json, object Manifest) Footer<TReader>(TReader reader, Func<string, object> parse) where TReader : IDisposable
    {
        using (reader)
        {
            string json = reader switch
            {
                DetectionLogReader r => r.Manifest!,
                CoincidenceLogReader r => r.Manifest!,
                CvSampleLogReader r => r.Manifest!,
                _ => throw new ArgumentException(typeof(TReader).Name),
            };
            return (json, parse(json));
        }
    }

    [Fact]
    public void IEEE_specials_and_nulls_are_written_as_the_contract_writes_them()
    {
        var (summary, _) = Run("specials", null, ["durationS=0.001"]);
        var s = (RunSummary)summary;
        var user = s.Users[0];
        user.QberSignal = double.NaN;
        user.QberAll = double.PositiveInfinity;
        user.FiniteKeyLengthBits = double.NegativeInfinity;
        user.DecoyFinite = null!;
        s.Truth = null;
        s.Run.EventsPerWallSecond = null;
        string json = s.ToJson();
        Assert.Equal(Reflection(s, JsonContract.Indented), json);
        Assert.Contains("\"qberSignal\": \"NaN\"", json);
        Assert.Contains("\"qberAll\": \"Infinity\"", json);
        Assert.Contains("\"finiteKeyLengthBits\": \"-Infinity\"", json);
        Assert.Contains("\"truth\": null", json);
        var back = RunSummary.FromJson(json);
        Assert.True(double.IsNaN(back.Users[0].QberSignal));
        Assert.Equal(json, back.ToJson());
    }
}
