using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// An MDI scenario ready to simulate: bound, validated and built. <see cref="CanonicalYaml"/> states every value (model
/// files, overrides, inherited per-item settings and class defaults folded in, led by `kind: mdiNetwork`), so it alone
/// reproduces the run; <see cref="ScenarioHash"/> identifies it in run outputs and caches.
/// </summary>
public sealed class LoadedMdiScenario : IRunScenario
{
    public required MdiScenarioFile Scenario { get; init; }

    /// <summary>The fully resolved scenario in a fixed YAML layout (camelCase keys, schema order, LF line ends).</summary>
    public required string CanonicalYaml { get; init; }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <see cref="CanonicalYaml"/>.</summary>
    public required string ScenarioHash { get; init; }

    /// <summary>The path the scenario was loaded from (or the virtual path given for text).</summary>
    public required string SourcePath { get; init; }

    /// <summary>The engine configuration (<see cref="MdiNetworkBuilder.Build"/>).</summary>
    public required MdiNetworkConfig Config { get; init; }

    string IRunScenario.Kind => KindNames.Mdi;

    string IRunScenario.Name => Scenario.Name;

    string IRunScenario.Length => $"{Scenario.DurationS:G4} s";

    bool IRunScenario.LogEnabled => Scenario.Log.Enabled;

    /// <summary>Scenario identity and analysis settings that travel into the manifest.</summary>
    public MdiSimulation.RunIdentity Identity => new(Scenario.Name, ScenarioHash, CanonicalYaml, Scenario.Mode, Scenario.Analysis.Epsilon,
        Scenario.Analysis.ErrorCorrectionEfficiency, Scenario.Log.Enabled, Scenario.Log.RowGroupSize, MdiTimeSeries.SpecOf(Scenario));
}
