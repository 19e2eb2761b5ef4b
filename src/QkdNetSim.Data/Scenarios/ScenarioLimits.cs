using System.Globalization;
using QkdNetSim.Core;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// The resource limits every scenario and model file is read within, in one place. They keep a tiny hostile file
/// (an alias "billion laughs", a thousand nested brackets, model files including each other, /dev/zero, a FIFO) from
/// exhausting memory, overflowing the stack or hanging: past any of them the file is rejected with one line
/// `error: FILE: FIELD: rule`. Real scenarios stay far below every limit (the largest in models/ is a few KiB,
/// 6 levels deep and 2 includes deep).
/// </summary>
public static class ScenarioLimits
{
    /// <summary>Largest scenario or model file read, in bytes (4 MiB).</summary>
    public const long MaxFileBytes = 4L * 1024 * 1024;

    /// <summary>Deepest nesting of lists and mappings within one file (the top-level mapping is level 1).</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// Most YAML nodes (scalars, lists, mappings) one scenario may hold, counted as aliases are expanded and as model
    /// files are included (every inclusion counts again), so memory stays bounded whatever the anchors and includes.
    /// </summary>
    public const int MaxNodes = 1_000_000;

    /// <summary>Longest chain of model files including model files (scenario → model → model ...).</summary>
    public const int MaxIncludeDepth = 16;

    /// <summary>Most model-file inclusions while reading one scenario (the same file included twice counts twice).</summary>
    public const int MaxIncludes = 256;

    /// <summary>Longest mapping key, in characters (schema keys are short camelCase names).</summary>
    public const int MaxKeyLength = 256;

    /// <summary>"4 MiB" style text of a byte count, for the rules in error messages.</summary>
    internal static string Bytes(long bytes) => bytes % (1024 * 1024) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}

/// <summary>
/// Counts the YAML nodes of one scenario against <see cref="ScenarioLimits.MaxNodes"/> while they are created, so an
/// expansion is stopped before it allocates, not after.
/// </summary>
internal sealed class YamlNodeBudget
{
    public int Used { get; private set; }

    /// <summary>Charges <paramref name="nodes"/> more nodes; throws the input error (naming the file and field) past the limit.</summary>
    public void Charge(long nodes, string file, string field)
    {
        if (Used + nodes > ScenarioLimits.MaxNodes)
            throw new InputError(file, field, string.Create(CultureInfo.InvariantCulture,
                $"the scenario expands to more than {ScenarioLimits.MaxNodes} YAML values (counting every alias and model file where it is used); write it without so many repeated anchors or includes"));
        Used += (int)nodes;
    }
}
