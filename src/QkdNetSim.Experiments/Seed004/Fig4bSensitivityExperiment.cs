using QkdNetSim.Analysis;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// How much of the seed-004 Fig. 4b result rests on two choices the paper does not state, both computed with the
/// expected-count model engine (<see cref="ModelKeyRate"/>) through the same finite-key analyzer as Fig. 4b:
/// (1) the signal-state bound on single-photon errors (Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005),
/// e1 &lt;= (E_mu Q_mu e^mu - e0 Y0)/(mu Y1), <see cref="DecoyBb84Input.SignalStateErrorBound"/>): the all-active reach with
/// and without it; (2) the e-folding of the detector cross-talk over gate separation (`receiver.detector.crosstalkDecayGates`,
/// assumed 1 gate from Fig. 4a): the partly filled networks' reach and key rate at 1, 2 and 4 gates. The cross-talk total
/// (1.9 %) is fixed; the e-folding only moves it between neighbouring and farther gates, so it matters most when the
/// neighbouring bins are empty. Cheap (model only, about a minute), so `reproduce seed004 --only fig4b-sensitivity`
/// runs it on its own.
/// </summary>
public static class Fig4bSensitivityExperiment
{
    /// <summary>The part name of `reproduce seed004 --only`.</summary>
    public const string Part = "fig4b-sensitivity";

    /// <summary>Cross-talk e-foldings compared, gates; the first is the reproduction's assumption.</summary>
    public static readonly double[] CrosstalkDecaysGates = { 1, 2, 4 };

    /// <summary>Fibre distance at which the sensitivity table also gives the per-user key rate, km.</summary>
    public const double RateDistanceKm = 10;

    public sealed record Result(ResultTable SignalBound, ResultTable Crosstalk);

    public static Result Run(ExperimentContext ctx, PaperValues paper)
    {
        var signal = new ResultTable("fig4b_signal_bound", "capacity", "activeUsers", "sessionS", "finiteReachKm", "finiteReachLimDecoyOnlyKm",
            "asymptoticReachKm", "asymptoticReachLimDecoyOnlyKm", "signalBoundEpsShare", "paperReachKm");
        var template = Template(ctx, CrosstalkDecaysGates[0]);
        // Share of eps_sec the signal-state bound takes: 2 of the 23 equal failure slots per block (DecoyBb84Analysis).
        double share = 2.0 / DecoyBb84Analysis.SecurityTerms;
        foreach (int cap in Fig4bExperiment.Capacities)
        {
            ctx.Cancel.ThrowIfCancellationRequested();
            double s = paper.SessionLengthS[cap];
            signal.Add((double)cap, (double)cap, s,
                Fig4bExperiment.Reach(template, cap, cap, s, asymptotic: false),
                Fig4bExperiment.Reach(template, cap, cap, s, asymptotic: false, signalStateErrorBound: false),
                Fig4bExperiment.Reach(template, cap, cap, s, asymptotic: true),
                Fig4bExperiment.Reach(template, cap, cap, s, asymptotic: true, signalStateErrorBound: false), share,
                cap == 64 ? paper.Fig4bMaxDistanceKmN64 : double.NaN);
        }
        ctx.Progress?.Invoke("fig4b signal-state bound", 1.0);

        var xt = new ResultTable("fig4b_crosstalk_sensitivity", "capacity", "activeUsers", "sessionS", "crosstalkDecayGates", "finiteReachKm",
            "finiteKeyRateAt10KmBitPerS", "reachChangeVs1GateKm", "rateAt10KmRatioVs1Gate");
        for (int i = 0; i < CrosstalkDecaysGates.Length; i++)
        {
            var t = i == 0 ? template : Template(ctx, CrosstalkDecaysGates[i]);
            foreach (int cap in Fig4bExperiment.Capacities)
                foreach (int n in ActiveUsers(cap))
                {
                    ctx.Cancel.ThrowIfCancellationRequested();
                    double s = paper.SessionLengthS[cap];
                    double reach = Fig4bExperiment.Reach(t, cap, n, s, asymptotic: false);
                    var cfg = CapacityNetworks.Build(t, cap, n, RateDistanceKm, s);
                    double rate = ModelKeyRate.Analyze(cfg, cfg.Users[0], s).FiniteKeyRateBitPerS;
                    var (reach1, rate1) = i == 0 ? (reach, rate) : Baseline(xt, cap, n);
                    xt.Add((double)cap, (double)n, s, CrosstalkDecaysGates[i], reach, rate, reach - reach1, rate1 > 0 ? rate / rate1 : double.NaN);
                }
            ctx.Progress?.Invoke("fig4b cross-talk sensitivity", (i + 1.0) / CrosstalkDecaysGates.Length);
        }
        return new Result(signal, xt);
    }

    /// <summary>Active users compared per capacity: one, two, a quarter, half and all of the bins.</summary>
    public static int[] ActiveUsers(int capacity) => new[] { 1, 2, capacity / 4, capacity / 2, capacity }.Distinct().ToArray();

    /// <summary>The Fig. 4b template network (the Fig. 3a scenario) with the given cross-talk e-folding, a scenario override.</summary>
    public static AccessNetworkConfig Template(ExperimentContext ctx, double crosstalkDecayGates) =>
        AccessNetworkBuilder.Build(ScenarioLoader.Load(RepoPaths.Model("networks/seed004-fig3a-splitter.yaml"),
            new[] { $"seed={ctx.Seed}", FormattableString.Invariant($"receiver.detector.crosstalkDecayGates={crosstalkDecayGates:R}") }));

    private static (double Reach, double Rate) Baseline(ResultTable xt, int cap, int n)
    {
        for (int r = 0; r < xt.RowCount; r++)
            if ((double)xt.Column("capacity")[r] == cap && (double)xt.Column("activeUsers")[r] == n && (double)xt.Column("crosstalkDecayGates")[r] == CrosstalkDecaysGates[0])
                return ((double)xt.Column("finiteReachKm")[r], (double)xt.Column("finiteKeyRateAt10KmBitPerS")[r]);
        throw new InvalidOperationException("baseline row missing");
    }
}
