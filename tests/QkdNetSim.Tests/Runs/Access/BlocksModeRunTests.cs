using QkdNetSim.Runs;
using QkdNetSim.Runs.Access;
using QkdNetSim.Tests.Cli;

namespace QkdNetSim.Tests.Runs.Access;

/// <summary>
/// `run` with `mode: blocks` (README "Block sampling"): the block-sampling engine feeds the summary's and the time series'
/// tallies with counts, so summary.json and timeseries.parquet come from the same builders, and no detections log is
/// written even though `log.enabled` is on. The built-in seed-004 scenario over 50 ms.
/// </summary>
[Collection(CliConsoleCollection.Name)]
public sealed class BlocksModeRunTests : IDisposable
{
    private readonly CliTempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void A_blocks_run_writes_the_summary_and_aligned_time_series_blocks_that_add_up_to_it_and_no_log()
    {
        var (kind, scenario) = RunPipeline.Load(null, ["durationS=0.05", "mode=blocks", "timeseries.blockS=0.01"],
            BuiltInScenarios.Seed004Default, BuiltInScenarios.DefaultVirtualPath);
        Assert.False(scenario.LogEnabled);
        string dir = _tmp.Sub("blocks");
        var summary = (RunSummary)RunPipeline.Execute(kind, scenario, dir);

        Assert.Equal(["summary.json", TimeSeriesWriter.FileName], Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order().ToArray()); // not the run lock
        Assert.Equal("blocks", summary.Run.Mode);
        Assert.Equal(50_000_000L, summary.Run.SimulatedGates);
        Assert.True(summary.Truth!.SignalPhoton > 0 && summary.Truth.Afterpulse > 0);

        var rows = TimeSeriesTests.Rows(Path.Combine(dir, TimeSeriesWriter.FileName));
        var active = summary.Users.Where(u => u.Active).ToList();
        Assert.Equal(5 * active.Count, rows.Count);
        foreach (var u in active)
        {
            var mine = rows.Where(r => Convert.ToInt64(r["user"]) == u.Index).ToList();
            Assert.Equal(Enumerable.Range(0, 5).Select(j => j * 10_000_000L), mine.Select(r => Convert.ToInt64(r["block_start_gate"])));
            Assert.All(mine, r => Assert.True(Convert.ToInt64(r["detections_i0"]) > 0));
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(u.EmittedPulses[k], mine.Sum(r => Convert.ToInt64(r[$"emitted_i{k}"])));
                Assert.Equal(u.Detections[k], mine.Sum(r => Convert.ToInt64(r[$"detections_i{k}"])));
                for (int b = 0; b < 2; b++)
                {
                    Assert.Equal(u.SiftedBitsPerBasisIntensity[b][k], mine.Sum(r => Convert.ToInt64(r[$"sifted_b{b}_i{k}"])));
                    Assert.Equal(u.ErrorsPerBasisIntensity[b][k], mine.Sum(r => Convert.ToInt64(r[$"errors_b{b}_i{k}"])));
                }
            }
            // Every pulse of the session is accounted for: one per frame of N gates.
            Assert.Equal(50_000_000L / summary.Run.TimeBins, u.EmittedPulses.Sum());
        }
    }
}
