namespace QkdNetSim.Runs.Access;

/// <summary>
/// A scenario ready to simulate: bound, validated, users resolved. <see cref="CanonicalYaml"/> states every value
/// (model files, overrides and class defaults folded in), so it alone reproduces the run; <see cref="ScenarioHash"/>
/// identifies it in run outputs and caches (two runs with the same hash simulated the same scenario).
/// </summary>
public sealed class LoadedScenario : IRunScenario
{
    public required ScenarioFile Scenario { get; init; }

    /// <summary>The fully resolved scenario in a fixed YAML layout (camelCase keys, schema order, LF line ends).</summary>
    public required string CanonicalYaml { get; init; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <see cref="CanonicalYaml"/>.</summary>
    public required string ScenarioHash { get; init; }

    /// <summary>The path the scenario was loaded from (or the virtual path given for text).</summary>
    public required string SourcePath { get; init; }

    /// <summary>The final user list (see <see cref="ScenarioResolver.ResolveUsers"/>).</summary>
    public required IReadOnlyList<ResolvedUser> Users { get; init; }

    string IRunScenario.Kind => KindNames.Access;

    string IRunScenario.Name => Scenario.Name;

    string IRunScenario.Length => $"{Scenario.DurationS:G4} s";

    /// <summary>Blocks mode draws counts, not clicks: it never writes the detections log, whatever `log.enabled` says.</summary>
    bool IRunScenario.LogEnabled => Scenario.Log.Enabled && Scenario.Mode != BlocksMode;

    /// <summary>The scenario `mode` of the block-sampling engine.</summary>
    public const string BlocksMode = "blocks";
}
