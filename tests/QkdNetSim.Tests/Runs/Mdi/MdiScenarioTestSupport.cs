using QkdNetSim.Runs.Mdi;
using static QkdNetSim.Tests.Data.Scenarios.ScenarioTestSupport;
using QkdNetSim.Tests.Data.Scenarios;

namespace QkdNetSim.Tests.Runs.Mdi;

/// <summary>Shared inputs of the MDI scenario tests: the seed-002 network file and a minimal valid two-user scenario.</summary>
internal static class MdiScenarioTestSupport
{
    public static string NetworkPath => ModelPath("networks/seed002-four-user-mdi.yaml");

    /// <summary>The smallest valid MDI scenario: two users, one module on CH35, everything else class defaults.</summary>
    public const string MinimalYaml =
        "kind: mdiNetwork\n" +
        "users:\n  - name: A\n    channelLossDb: 15\n  - name: B\n    channelLossDb: 15\n" +
        "modules:\n  - name: AB\n    inputs: [A, B]\n    channel: 35\n";

    /// <summary><see cref="MinimalYaml"/> with more top-level keys (none of kind, users, modules).</summary>
    public static string Minimal(string extraTopLevel) => MinimalYaml + extraTopLevel;

    /// <summary>A valid three-user header (A, B, C on all comb lines) to which a test appends its own modules list.</summary>
    public const string ThreeUsers =
        "kind: mdiNetwork\n" +
        "users:\n  - name: A\n  - name: B\n  - name: C\n";

    public static LoadedMdiScenario LoadMdiText(string yaml, params string[] overrides)
        => MdiScenarioLoader.LoadFromText(yaml, "test.yaml", overrides);
}
