using QkdNetSim.Analysis.Cv;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Cv.Ofdm;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// Optimal N of Wang et al. (Figs. 8, 11, 14) with ε_mod(k_worst) measured by the sample-level OFDM modulation
/// (<see cref="OfdmModulationSimulator"/>) instead of Eq. (15): total rate N R(ε_mod(k_worst) + ε_single) with the same
/// single-carrier rate function <see cref="Seed003Protocol.SingleCarrierKeyRateBits"/> as the Eq. (15) path (Eq. (16), Eq. (1)).
/// The worst subcarrier is a maximum over N noisy estimates and is biased upward; two independent runs A, B (S symbols each)
/// bracket it: the pooled maximum max_k (A_k + B_k)/2 (used for the key rate: biased up, so the simulated optimum N is biased
/// DOWN, conservative for the comparison with Eq. (15)) and the held-out value (B at argmax A + A at argmax B)/2, which is unbiased
/// for the noise of a selected subcarrier and hence biased down relative to the true maximum.
/// </summary>
public static class SimulatedNoiseOptimalNExperiment
{
    /// <summary>Grid and estimator size: default run and --full.</summary>
    /// <param name="Extension">Beyond MaxN (the range of the Eq. (15) scan) a few points at these multiples of MaxN, because the
    /// simulated noise grows so slowly that N R(k_worst) is still rising at MaxN.</param>
    public sealed record Settings(int SymbolsPerReplica, int Step, int MaxN, double[] Extension)
    {
        public static Settings For(ExperimentContext ctx, Seed003Protocol p) => ctx.Full
            ? new(4000, 2, p.MaxSubcarrierCount, [1.25, 1.5, 2, 2.5, 3, 4, 5, 6])
            : new(400, 10, p.MaxSubcarrierCount, [1.5, 2, 3, 4]);

        public IEnumerable<int> Grid()
        {
            yield return 1;
            for (int n = Step; n <= MaxN; n += Step) yield return n;
            foreach (double f in Extension) yield return (int)Math.Round(f * MaxN);
        }
    }

    /// <summary>ε_mod(k_worst) for one N: pooled maximum with its standard error, held-out value, and Eq. (15)'s worst.</summary>
    public sealed record WorstNoise(int SubcarrierCount, int WorstSubcarrier, double PooledMaxSnu, double PooledMaxStdErrSnu, double HeldOutSnu,
        double HeldOutStdErrSnu, double MeanSnu, int Eq15WorstSubcarrier, double Eq15WorstSnu);

    /// <summary>Root seeds of the two replicas (fixed, derived from ctx.Seed).</summary>
    public static (ulong A, ulong B) Seeds(ulong rootSeed) => (rootSeed ^ 0x5EED003AUL, rootSeed ^ 0x5EED003BUL);

    /// <summary>Sample-level ε_mod per subcarrier at the protocol's μ, κ, θ, V_A (Wang et al. Eq. (4) modulator, Eq. (11) ΔX_k).</summary>
    public static WorstNoise Measure(Seed003Protocol p, int n, ulong rootSeed, int symbolsPerReplica)
    {
        var m = p.Modulation;
        var settings = new OfdmModulatorSettings(n, m.ModulationIndex, m.GainImbalance, m.QuadratureSkewRad, m.ModulationVarianceSnu);
        var (seedA, seedB) = Seeds(rootSeed);
        var a = new OfdmModulationSimulator(settings, p.Constellation()).MeasureExcessNoise(seedA, symbolsPerReplica);
        var b = new OfdmModulationSimulator(settings, p.Constellation()).MeasureExcessNoise(seedB, symbolsPerReplica);
        int kPooled = 0, kA = 0, kB = 0;
        for (int k = 1; k < n; k++)
        {
            if (a.ExcessNoiseSnu[k] + b.ExcessNoiseSnu[k] > a.ExcessNoiseSnu[kPooled] + b.ExcessNoiseSnu[kPooled]) kPooled = k;
            if (a.ExcessNoiseSnu[k] > a.ExcessNoiseSnu[kA]) kA = k;
            if (b.ExcessNoiseSnu[k] > b.ExcessNoiseSnu[kB]) kB = k;
        }
        double pooled = 0.5 * (a.ExcessNoiseSnu[kPooled] + b.ExcessNoiseSnu[kPooled]);
        double pooledSe = 0.5 * Math.Sqrt(Sq(a.StandardErrorSnu[kPooled]) + Sq(b.StandardErrorSnu[kPooled]));
        double heldOut = 0.5 * (b.ExcessNoiseSnu[kA] + a.ExcessNoiseSnu[kB]);
        double heldOutSe = 0.5 * Math.Sqrt(Sq(b.StandardErrorSnu[kA]) + Sq(a.StandardErrorSnu[kB]));
        var eq = p.NoiseModel.Worst(n);
        return new WorstNoise(n, kPooled + 1, pooled, pooledSe, heldOut, heldOutSe, 0.5 * (a.MeanExcessNoiseSnu + b.MeanExcessNoiseSnu),
            eq.Subcarrier, eq.ModulationNoiseSnu);
    }

    private static double Sq(double x) => x * x;

    /// <summary>Curves (one row per N and distance) and optima (one row per distance, appended to <paramref name="optimalInto"/> if given) for one protocol.</summary>
    public static (ResultTable Curves, ResultTable Optimal) Run(Seed003Protocol p, Settings s, ulong rootSeed, CancellationToken cancel = default, ResultTable? optimalInto = null)
    {
        var curves = new ResultTable($"gain_vs_n_simulated_noise_{p.Slug}", "protocol", "lengthKm", "subcarrierCount", "symbolsPerReplica",
            "simWorstSubcarrier", "simWorstSnu", "simWorstStdErrSnu", "simWorstHeldOutSnu", "simMeanSnu", "eq15WorstSubcarrier", "eq15WorstSnu",
            "simTotalRateBits", "simHeldOutTotalRateBits", "eq15TotalRateBits", "singleCarrierRateBits", "simGain", "eq15Gain");
        var optimal = optimalInto ?? NewOptimalTable();
        var noise = new List<WorstNoise>();
        double[] lengths = p.Paper.DistancesKm;
        var singles = lengths.Select(l => Math.Max(0.0, p.SingleCarrierKeyRateBits(Gg02KeyRate.TransmittanceOfFibre(l), p.SingleCarrierExcessNoiseSnu))).ToArray();
        var alive = lengths.Select(_ => true).ToArray();
        foreach (int n in s.Grid())
        {
            cancel.ThrowIfCancellationRequested();
            var w = Measure(p, n, rootSeed, s.SymbolsPerReplica);
            noise.Add(w);
            bool any = false;
            for (int d = 0; d < lengths.Length; d++)
            {
                double t = Gg02KeyRate.TransmittanceOfFibre(lengths[d]);
                double Total(double epsMod) => n * Math.Max(0.0, p.SingleCarrierKeyRateBits(t, epsMod + p.SingleCarrierExcessNoiseSnu)); // Eqs. (16), (1)
                double sim = Total(w.PooledMaxSnu), held = Total(w.HeldOutSnu), eq = Total(w.Eq15WorstSnu);
                any |= sim > 0;
                curves.Add(p.Name, lengths[d], (double)n, (double)s.SymbolsPerReplica, (double)w.WorstSubcarrier, w.PooledMaxSnu, w.PooledMaxStdErrSnu, w.HeldOutSnu,
                    w.MeanSnu, (double)w.Eq15WorstSubcarrier, w.Eq15WorstSnu, sim, held, eq, singles[d],
                    singles[d] > 0 ? sim / singles[d] : double.NaN, singles[d] > 0 ? eq / singles[d] : double.NaN);
            }
            if (!any && n > 1) break; // the key has vanished at every distance: larger N only adds noise
        }
        for (int d = 0; d < lengths.Length; d++) AddOptimum(optimal, p, s, lengths[d], d, curves);
        return (curves, optimal);
    }

    public static ResultTable NewOptimalTable() => new("optimal_n_simulated_noise", "protocol", "lengthKm", "paperOptimalN", "eq15OptimalN", "eq15GainAtOptimum",
        "simulatedOptimalN", "simulatedGainAtOptimum", "simulatedOptimalNAtGridEdge", "heldOutOptimalN", "gridStep", "gridMaxN", "symbolsPerReplica",
        "simWorstSnuAtOptimum", "simWorstStdErrSnuAtOptimum", "simWorstHeldOutSnuAtOptimum", "eq15WorstSnuAtEq15Optimum", "simWorstSnuAtEq15Optimum",
        "simWorstStdErrSnuAtEq15Optimum", "simWorstHeldOutSnuAtEq15Optimum", "fitIqSnu", "fitIntermodSnuPerN2", "extrapolatedOptimalN",
        "extrapolatedGainAtOptimum", "keyRateModel");

    private static void AddOptimum(ResultTable optimal, Seed003Protocol p, Settings s, double length, int d, ResultTable curves)
    {
        var rows = Enumerable.Range(0, curves.RowCount).Where(r => curves.Doubles("lengthKm")[r] == length).ToArray();
        double[] n = curves.Doubles("subcarrierCount"), sim = curves.Doubles("simTotalRateBits"), held = curves.Doubles("simHeldOutTotalRateBits");
        double[] w = curves.Doubles("simWorstSnu"), se = curves.Doubles("simWorstStdErrSnu"), ho = curves.Doubles("simWorstHeldOutSnu");
        int best = rows[0], bestHeld = rows[0];
        foreach (int r in rows)
        {
            if (sim[r] > sim[best]) best = r;        // lowest N on ties, as OfdmKeyRate.Optimal
            if (held[r] > held[bestHeld]) bestHeld = r;
        }
        var kr = p.KeyRateAt(length);
        var eq = kr.Optimal(p.MaxSubcarrierCount); // Eq. (15) optimum on every N = 1..max (Figs. 8, 11, 14)
        double single = kr.SingleCarrierKeyRateBits;
        // simulated noise at the grid point closest to the Eq. (15) optimum (compares the two noise models where Eq. (15) puts the optimum)
        int near = rows.OrderBy(r => Math.Abs(n[r] - eq.SubcarrierCount)).First();
        bool edge = n[best] == rows.Max(r => n[r]);
        var fit = FitQuadratic(rows.Select(r => n[r]).ToArray(), rows.Select(r => w[r]).ToArray());
        var ext = ExtrapolatedOptimum(p, length, fit.A, fit.B);
        optimal.Add(p.Name, length, (double)p.Paper.OptimalN[d], (double)eq.SubcarrierCount, single > 0 ? eq.TotalKeyRateBits / single : double.NaN,
            n[best], single > 0 ? sim[best] / single : double.NaN, edge, n[bestHeld], (double)s.Step, (double)rows.Max(r => n[r]), (double)s.SymbolsPerReplica,
            w[best], se[best], ho[best], eq.ModulationNoiseSnu, w[near], se[near], ho[near], fit.A, fit.B, (double)ext.N, single > 0 ? ext.Total / single : double.NaN,
            p.RateModelDescription);
    }

    /// <summary>
    /// Least-squares fit ε_mod(k_worst) ≈ a + b N² to the pooled worst noise at N ≥ 10 (a: IQ-imbalance floor, Eq. (12); b N²: third-order
    /// products of independent symbols adding in variance, the sample-level N² growth of REPORT.md's intermodulation table).
    /// </summary>
    public static (double A, double B) FitQuadratic(IReadOnlyList<double> n, IReadOnlyList<double> eps)
    {
        var idx = Enumerable.Range(0, n.Count).Where(i => n[i] >= 10).ToArray();
        double[] x = idx.Select(i => n[i] * n[i]).ToArray(), y = idx.Select(i => eps[i]).ToArray();
        double mx = x.Average(), my = y.Average();
        double b = x.Zip(y, (u, v) => (u - mx) * (v - my)).Sum() / x.Sum(u => (u - mx) * (u - mx));
        return (my - b * mx, b);
    }

    /// <summary>Argmax of N R(a + b N² + ε_single) (step growing 1 % per point, unimodal in N); EXTRAPOLATION beyond the simulated grid.</summary>
    public static (int N, double Total) ExtrapolatedOptimum(Seed003Protocol p, double lengthKm, double a, double b, int maxN = 200_000)
    {
        double t = Gg02KeyRate.TransmittanceOfFibre(lengthKm);
        int bestN = 1;
        double best = -1;
        for (int n = 1; n <= maxN; n += Math.Max(1, n / 100))
        {
            double total = n * Math.Max(0.0, p.SingleCarrierKeyRateBits(t, a + b * n * (double)n + p.SingleCarrierExcessNoiseSnu));
            if (total > best) { best = total; bestN = n; }
            else if (total <= 0 || total < 0.5 * best) break;
        }
        return (bestN, best);
    }
}
