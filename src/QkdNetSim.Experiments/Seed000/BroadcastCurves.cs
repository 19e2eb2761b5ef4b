using QkdNetSim.Analysis.Cv.Broadcast;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// Key rate vs distance of the 1-to-N broadcast network (seed 000 Eqs. 7, 21-25 via <see cref="BroadcastKeyRates"/>):
/// per user K_ABi, total K_tot, upper limit K_UB, worst-case lower limit K_LB and N x K_LB, one row per (N, distance).
/// </summary>
public static class BroadcastCurves
{
    public static readonly string[] Columns =
        { "condition", "users", "distance_km", "key_per_user", "key_total", "upper_limit", "fraction_of_upper_limit", "lower_limit_per_user", "lower_limit_total" };

    public static ResultTable Compute(string name, BroadcastCondition condition, IReadOnlyList<int> userCounts,
        IReadOnlyList<double> distancesKm, ExperimentContext ctx)
    {
        var jobs = userCounts.SelectMany(n => distancesKm.Select(d => (N: n, D: d))).ToArray();
        // Larger N costs ~N^3 per point: start those first so the two cores finish together.
        var order = Enumerable.Range(0, jobs.Length).OrderByDescending(i => jobs[i].N).ToArray();
        var results = new BroadcastKeyRateResult[jobs.Length];
        int done = 0;
        Parallel.ForEach(order, new ParallelOptions { CancellationToken = ctx.Cancel }, i =>
        {
            results[i] = BroadcastKeyRates.Compute(condition.Network(jobs[i].N, jobs[i].D));
            ctx.Progress?.Invoke(name, Interlocked.Increment(ref done) / (double)jobs.Length);
        });

        var table = new ResultTable(name, Columns);
        for (int i = 0; i < jobs.Length; i++)
        {
            var r = results[i];
            table.Add(condition.Name, jobs[i].N, jobs[i].D, r.Users[0].KeyRate, r.Total, r.UpperBound, r.FractionOfUpperBound,
                r.Users[0].LowerBoundKeyRate, r.LowerBoundTotal);
        }
        return table;
    }

    /// <summary>0, step, 2 step, ... maxKm.</summary>
    public static double[] Distances(double maxKm, double stepKm) =>
        Enumerable.Range(0, (int)Math.Round(maxKm / stepKm) + 1).Select(k => k * stepKm).ToArray();

    /// <summary>The row of <paramref name="table"/> at (N, distance).</summary>
    public static int Row(ResultTable table, int users, double distanceKm) =>
        Enumerable.Range(0, table.RowCount).First(i => Convert.ToInt32(table.Column("users")[i]) == users
            && Math.Abs(Convert.ToDouble(table.Column("distance_km")[i]) - distanceKm) < 1e-9);
}
