using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Seed 004 Fig. 4b: secure key rate per user versus fibre distance and number of active users n, for network
/// capacities N = 8, 16, 32, 64 (1 GHz/N per transmitter; sessions 20 min, 20 min, 2 h, 12 h). The map comes
/// from the expected-count model through the finite-key analyzer; selected points are simulated to check it.
/// </summary>
public static class Fig4bExperiment
{
    public static readonly int[] Capacities = { 8, 16, 32, 64 };
    public const double MaxDistanceKm = 80;
    public const double DistanceStepKm = 2;

    public sealed record Result(ResultTable Map, ResultTable Reach, ResultTable Checks);

    public static Result Run(ExperimentContext ctx, PaperValues paper, QkdNetSim.Protocols.AccessNetwork.AccessNetworkConfig template)
    {
        var map = new ResultTable("fig4b_map", "capacity", "activeUsers", "distanceKm", "sessionS", "finiteKeyRateBitPerS", "asymptoticKeyRateBitPerS", "qber");
        foreach (int cap in Capacities)
        {
            double session = paper.SessionLengthS[cap];
            for (int n = 1; n <= cap; n++)
            {
                if (!(n <= 8 || n % (cap / 8) == 0)) continue; // 8 rows of n per capacity at most, plus n = 1..8
                for (double d = 0; d <= MaxDistanceKm + 1e-9; d += DistanceStepKm)
                {
                    var cfg = CapacityNetworks.Build(template, cap, n, d, session);
                    var r = ModelKeyRate.Analyze(cfg, cfg.Users[0], session);
                    map.Add((double)cap, (double)n, d, session, r.FiniteKeyRateBitPerS, r.AsymptoticKeyRateBitPerS, ModelKeyRate.SignalQber(cfg, cfg.Users[0]));
                }
            }
            ctx.Progress?.Invoke("fig4b model", (Array.IndexOf(Capacities, cap) + 1.0) / Capacities.Length);
        }

        var reach = new ResultTable("fig4b_reach", "capacity", "activeUsers", "sessionS", "finiteReachKm", "asymptoticReachKm", "paperReachKm");
        foreach (int cap in Capacities)
        {
            double session = paper.SessionLengthS[cap];
            double finite = Reach(template, cap, cap, session, asymptotic: false);
            double asym = Reach(template, cap, cap, session, asymptotic: true);
            reach.Add((double)cap, (double)cap, session, finite, asym, cap == 64 ? paper.Fig4bMaxDistanceKmN64 : double.NaN);
        }

        // Simulated checks of the map: full networks (n = N) at a distance with key for each capacity.
        var checks = new ResultTable("fig4b_checks", "capacity", "activeUsers", "distanceKm", "sessionS", "simQber", "simQberSigma", "modelQber",
            "simFiniteKeyRateBitPerS", "modelFiniteKeyRateBitPerS", "simAsymptoticKeyRateBitPerS", "modelAsymptoticKeyRateBitPerS");
        // Quick scale: shorter sessions (paper length / 10 for N = 8, / 50 for N = 64) at distances where they still give key.
        var points = ctx.Full
            ? new[] { (8, 40.0), (16, 20.0), (32, 15.0), (64, 10.0) }
            : new[] { (8, 20.0), (64, 5.0) };
        foreach (var (cap, d) in points)
        {
            double session = ctx.Full ? paper.SessionLengthS[cap] : paper.SessionLengthS[cap] / (cap == 64 ? 50 : 10);
            var cfg = CapacityNetworks.Build(template, cap, cap, d, session) with { Seed = ctx.Seed };
            var sim = SimulateConfig(ctx, $"fig4b-N{cap}-{d}km", cfg);
            var model = ModelKeyRate.Analyze(cfg, cfg.Users[0], session);
            checks.Add((double)cap, (double)cap, d, session, sim.Qber, sim.QberSigma, ModelKeyRate.SignalQber(cfg, cfg.Users[0]),
                sim.FiniteKeyRate, model.FiniteKeyRateBitPerS, sim.AsymptoticKeyRate, model.AsymptoticKeyRateBitPerS);
        }
        return new Result(map, reach, checks);
    }

    /// <summary>
    /// Largest distance with a positive key rate (bisection to 0.05 km on the expected-count model);
    /// <paramref name="signalStateErrorBound"/> false: Lim's decoy bound on single-photon errors alone (<see cref="QkdNetSim.Analysis.DecoyBb84Input.SignalStateErrorBound"/>).
    /// </summary>
    public static double Reach(AccessNetworkConfig template, int capacity, int active, double sessionS, bool asymptotic, bool signalStateErrorBound = true)
    {
        double Rate(double d)
        {
            var cfg = CapacityNetworks.Build(template, capacity, active, d, sessionS);
            var r = ModelKeyRate.Analyze(cfg, cfg.Users[0], sessionS, signalStateErrorBound: signalStateErrorBound);
            return asymptotic ? r.AsymptoticKeyRateBitPerS : r.FiniteKeyRateBitPerS;
        }
        double lo = 0, hi = 200;
        if (Rate(lo) <= 0) return 0;
        while (Rate(hi) > 0) hi *= 2;
        while (hi - lo > 0.05)
        {
            double mid = (lo + hi) / 2;
            if (Rate(mid) > 0) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>Runs an access-network config through the simulator and the analyzer (user 0), tally only.</summary>
    public static (double Qber, double QberSigma, double FiniteKeyRate, double AsymptoticKeyRate) SimulateConfig(ExperimentContext ctx, string label, AccessNetworkConfig cfg)
    {
        var summary = SessionRunner.Run(cfg, label, ctx);
        var u = summary.Users[0];
        long n = u.SiftedBitsPerBasisIntensity[0][0] + u.SiftedBitsPerBasisIntensity[1][0];
        return (u.QberSignal, Math.Sqrt(u.QberSignal * (1 - u.QberSignal) / Math.Max(1, n)), u.SecretKeyRateBitPerS, u.AsymptoticKeyRateBitPerS);
    }
}
