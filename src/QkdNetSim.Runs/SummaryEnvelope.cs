using System.Text.Json;
using System.Text.Json.Serialization;

namespace QkdNetSim.Runs;

/// <summary>
/// The root keys every summary.json has, whatever its kind (README "summary.json envelope"; a public contract: keys are
/// added, never renamed or removed). The kind's body (users, pairs, Bobs, ...) follows them.
/// </summary>
public abstract class SummaryEnvelope(string kind)
{
    [JsonPropertyOrder(-10)] public string Tool { get; set; } = "qkdnetsim";
    [JsonPropertyOrder(-9)] public string ToolVersion { get; set; } = ToolInfo.Version;
    /// <summary>The network kind (the scenario's `kind:`), e.g. accessNetwork, mdiNetwork, cvNetwork, cvCovariance.</summary>
    [JsonPropertyOrder(-8)] public string Kind { get; set; } = kind;
    /// <summary>The verb that wrote this file: run or analyze.</summary>
    [JsonPropertyOrder(-7)] public string Command { get; set; } = "run";
    /// <summary>Where the numbers come from: "run" (the simulator's own tally), "analyze" (the log read back) or "model" (no tally: the kind's expected-value model).</summary>
    [JsonPropertyOrder(-6)] public string Source { get; set; } = "run";
    /// <summary>Which engine produced the numbers: "simulate" (the simulator, or a log read back) or "model" (the kind's expected-value model).
    /// Setting it to "model" also sets <see cref="Source"/> to "model": a model's numbers come from no tally.</summary>
    [JsonPropertyOrder(-5)]
    public string Engine
    {
        get => _engine;
        set
        {
            _engine = value;
            if (value == ModelEngine) Source = ModelEngine;
        }
    }

    private string _engine = "simulate";

    /// <summary>The <see cref="Engine"/> (and <see cref="Source"/>) of a summary from a kind's expected-value model.</summary>
    public const string ModelEngine = "model";
    [JsonPropertyOrder(-4)] public string ScenarioName { get; set; } = "";
    /// <summary>SHA-256 of the canonical scenario (after model files and overrides).</summary>
    [JsonPropertyOrder(-3)] public string ScenarioHash { get; set; } = "";
    [JsonPropertyOrder(-2)] public ulong Seed { get; set; }

    /// <summary>True when the run was interrupted: every number covers what was simulated before the stop.</summary>
    public abstract bool WasInterrupted();

    /// <summary>The whole summary.json text (envelope, run object and body), indented.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GetType(), RunsJson.Indented);

    /// <summary>Sets the envelope's identity keys (builders call this once, from the manifest).</summary>
    protected void SetIdentity(string command, string scenarioName, string scenarioHash, ulong seed)
    {
        Command = command;
        Source = command;
        ScenarioName = scenarioName;
        ScenarioHash = scenarioHash;
        Seed = seed;
    }
}

/// <summary>An envelope whose `run` object (cost and provenance of the run: wall time, rows, log file) has type <typeparamref name="TRun"/>.</summary>
public abstract class SummaryEnvelope<TRun>(string kind) : SummaryEnvelope(kind) where TRun : new()
{
    [JsonPropertyOrder(-1)] public TRun Run { get; set; } = new();
}
