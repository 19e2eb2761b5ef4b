using QkdNetSim.Protocols.Cv;

namespace QkdNetSim.Runs.Cv;

/// <summary>A loaded, validated CV scenario with its canonical YAML and hash.</summary>
public sealed class LoadedCvScenario : IRunScenario
{
    public required CvScenarioFile Scenario { get; init; }
    public required string CanonicalYaml { get; init; }
    public required string ScenarioHash { get; init; }
    public required string SourcePath { get; init; }

    /// <summary>Alice's constellation.</summary>
    public CvModulation BuildModulation() => Scenario.Modulation switch
    {
        "qpsk" => CvModulation.Qpsk(Scenario.ModulationVarianceSnu),
        "qam" => CvModulation.Qam(Scenario.QamLevels!, Scenario.QamProbabilities!, Scenario.ModulationVarianceSnu),
        _ => CvModulation.Gaussian(Scenario.ModulationVarianceSnu),
    };

    /// <summary>Per-user channels of the uniform 1-to-N broadcast (seed 000 Eqs. 29-31).</summary>
    public CvUserChannel[] BuildChannels() => CvBroadcastChannel.Build(Scenario.FeederFibreKm,
        Scenario.Users.Select(u => new CvDropSpec(DropFibreKm: u.FibreLengthKm, ExcessNoiseSnu: u.ExcessNoiseSnu,
            DetectorEfficiency: u.Efficiency, ElectronicNoiseSnu: u.ElectronicNoiseSnu)).ToArray(),
        Scenario.AttenuationDbPerKm);

    string IRunScenario.Kind => KindNames.Cv;

    string IRunScenario.Name => Scenario.Name;

    string IRunScenario.Length => $"{Scenario.Samples:N0} rounds";

    bool IRunScenario.LogEnabled => Scenario.Log.Enabled;
}

/// <summary>
/// Loads a `kind: cvNetwork` scenario with the shared machinery (<see cref="ScenarioDocument"/>: model includes, `--set`
/// overrides, strict binding: unknown keys are InputErrors with a suggestion), then validates.
/// </summary>
public static class CvScenarioLoader
{
    public static LoadedCvScenario Load(string path, IReadOnlyList<string>? overrides = null)
        => LoadFromText(ScenarioDocument.ReadFile(path), path, overrides ?? []);

    public static LoadedCvScenario LoadFromText(string yaml, string virtualPath, IReadOnlyList<string>? overrides = null)
    {
        var (scenario, origins) = ScenarioDocument.Bind<CvScenarioFile>(yaml, virtualPath, overrides ?? [], KindNames.Spec(KindNames.Cv));
        CvScenarioValidator.Validate(scenario, origins);
        string canonical = ScenarioDocument.Canonical(scenario, KindNames.Spec(KindNames.Cv));
        var loaded = new LoadedCvScenario
        {
            Scenario = scenario,
            CanonicalYaml = canonical,
            ScenarioHash = ScenarioDocument.Hash(canonical),
            SourcePath = virtualPath,
        };
        return loaded;
    }
}
