using QkdNetSim.Cli.Output;
using QkdNetSim.Runs;
using QkdNetSim.Studies.Capacity;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `capacity` (see <see cref="CliParser"/>).</summary>
public sealed record CapacityOptions(string? Scenario, string Maximize, double TargetKeyRateBitPerS, bool Confirm, int Repeats,
    IReadOnlyList<string> Sets, IReadOnlyList<string> Knobs, ulong? Seed, double? From, double? To, bool Integer, double? Tolerance,
    string? OutDir, bool Quiet, OutputFormat Format = OutputFormat.Table);

/// <summary>
/// `qkdnetsim capacity`: the largest value of a knob or dotted path at which the worst unit's finite-key rate (model engine)
/// still reaches the target (<see cref="CapacitySearch"/>); with --confirm, simulations at the boundary and their error bar.
/// Kind-agnostic: any kind with a model engine.
/// </summary>
public static class CapacityCommand
{
    public static int Execute(CapacityOptions o, CancellationToken cancel)
    {
        var sets = new List<string>(o.Sets);
        if (o.Seed is ulong seed) sets.Add($"seed={seed}");
        var (kind, _) = RunPipeline.Load(o.Scenario, sets, BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        IRunScenario LoadWith(IReadOnlyList<string> extra) =>
            RunPipeline.Load(o.Scenario, [.. sets, .. extra], BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath).Scenario;
        var knobSets = SearchParameter.ApplyKnobs(kind, LoadWith, o.Knobs);
        IRunScenario Load(IReadOnlyList<string> extra) => LoadWith([.. knobSets, .. extra]);

        var result = CapacitySearch.Run(kind, Load, new CapacityQuery(o.Maximize, o.TargetKeyRateBitPerS, o.From, o.To, o.Integer, o.Tolerance), cancel);
        CapacityConfirmation? confirmation = null;
        if (o.Confirm)
        {
            string outDir = o.OutDir ?? Path.Combine(Path.GetTempPath(), $"qkdnetsim-capacity-{Environment.ProcessId}");
            try
            {
                confirmation = Progress.Run($"simulating the boundary ({o.Repeats} sessions)", o.Quiet, o.Format,
                    p => CapacitySearch.Confirm(kind, Load, result, o.Repeats, outDir, p, cancel));
            }
            finally
            {
                if (o.OutDir is null && Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
            }
        }
        ResultWriter.Write(Rows(result, confirmation), o.Format, confirmation is not null ? o.OutDir : null);
        return 0;
    }

    /// <summary>One row: the search's answer, and the simulated check when there is one.</summary>
    public static ResultRows Rows(CapacityResult r, CapacityConfirmation? c)
    {
        string G(double? v) => v is double d ? CapacityResult.Rate(d).Replace(" bit/s", "") : "-";
        var res = r.Parameter.IsInteger ? (double?)null : r.Resolution;
        var cells = new List<(ResultColumn Column, ResultCell Cell)>
        {
            (new("parameter", "parameter"), new(r.Parameter.Name, r.Parameter.Name)),
            (new("outcome", "outcome"), new(r.Outcome.ToString(), Camel(r.Outcome.ToString()))),
            (new("boundary", "boundary"), new(r.Last is null ? "-" : r.Parameter.Format(r.Last.Value, res), r.Last?.Value)),
            (new("unit", null), new(r.Parameter.Unit, r.Parameter.Unit)),
            (new("resolution", null), new(G(r.Resolution), r.Resolution)),
            (new("targetKeyRateBitPerS", "target bit/s"), new(G(r.TargetKeyRateBitPerS), r.TargetKeyRateBitPerS)),
            (new("worstKeyRateBitPerS", "model worst bit/s"), new(G(r.Last?.WorstKeyRateBitPerS), r.Last?.WorstKeyRateBitPerS)),
            (new("next", "next value"), new(r.First is null ? "-" : r.Parameter.Format(r.First.Value, res), r.First?.Value)),
            (new("nextWorstKeyRateBitPerS", "model worst bit/s there"), new(G(r.First?.WorstKeyRateBitPerS), r.First?.WorstKeyRateBitPerS)),
            (new("modelEvaluations", null), new(r.Evaluations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Evaluations.Count)),
        };
        var notes = new List<string> { r.Message };
        if (c is not null)
        {
            cells.Add((new("simulatedWorstKeyRateBitPerS", "simulated bit/s"), new($"{G(c.MeanBitPerS)} ± {G(c.StandardErrorBitPerS)}", c.MeanBitPerS)));
            cells.Add((new("simulatedStandardErrorBitPerS", null), new(G(c.StandardErrorBitPerS), c.StandardErrorBitPerS)));
            cells.Add((new("repeats", null), new(c.KeyRatesBitPerS.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), c.KeyRatesBitPerS.Count)));
            cells.Add((new("pooledUnits", null), new(c.PooledUnits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", c.PooledUnits)));
            cells.Add((new("simulatedLowestKeyRateBitPerS", null), new(G(c.LowestKeyRatesBitPerS.Average()), c.LowestKeyRatesBitPerS.Average())));
            cells.Add((new("targetWithin95", "target within 95 %"), new(c.TargetWithin ? "yes" : "no", c.TargetWithin)));
            notes.Add(c.Message);
        }
        return new ResultRows($"capacity search: maximize {r.Parameter.Name} while the worst {r.Unit} keeps {CapacityResult.Rate(r.TargetKeyRateBitPerS)} (model engine, {r.Evaluations.Count} evaluations)",
            cells.Select(x => x.Column).ToArray(), [cells.Select(x => x.Cell).ToArray()], notes);
    }

    private static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];
}
