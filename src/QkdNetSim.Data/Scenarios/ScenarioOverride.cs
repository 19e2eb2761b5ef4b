namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// One parsed `--set dotted.path=value` override. <see cref="Segments"/> are the path's keys and list indices;
/// <see cref="Value"/> is the parsed YAML value (scalar, flow sequence or flow mapping), attributed to "--set".
/// </summary>
public sealed record ScenarioOverride(string Text, string Path, IReadOnlyList<string> Segments, YamlTreeNode Value);
