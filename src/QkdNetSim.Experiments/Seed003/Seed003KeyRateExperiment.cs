using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// The Eq. (15)-based curves of Wang et al. Figs. 4-14: ε_mod/A² versus μ (Fig. 4), worst-subcarrier noise versus N (Fig. 5),
/// R(k_worst) and N R(k_worst) versus distance (Figs. 6, 9, 12), the multi-carrier gain versus distance (Figs. 7, 10, 13) and
/// versus N with the optimal N (Figs. 8, 11, 14).
/// </summary>
public static class Seed003KeyRateExperiment
{
    /// <summary>Fig. 4: ε_mod(k_worst)/A² = 4 μ² σ1² ε_mod / V_A (V_A = 4A²μ²σ1², text after Eq. (10)) for μ in (0, 0.1].</summary>
    public static ResultTable Fig4(Seed003Protocol p)
    {
        var t = new ResultTable("fig4_noise_vs_mu", "protocol", "subcarrierCount", "modulationIndex", "worstSubcarrier", "modulationNoiseSnu", "modulationNoiseOverA2");
        foreach (int n in p.Paper.FigureN)
            for (int i = 1; i <= 50; i++)
            {
                double mu = 0.002 * i;
                var model = new OfdmNoiseModel(p.Modulation with { ModulationIndex = mu });
                var worst = model.Worst(n);
                double a2 = p.Modulation.ModulationVarianceSnu / (4 * mu * mu * p.Modulation.Sigma1Squared);
                t.Add(p.Name, (double)n, mu, (double)worst.Subcarrier, worst.ModulationNoiseSnu, worst.ModulationNoiseSnu / a2);
            }
        return t;
    }

    /// <summary>Fig. 5: ε_mod(k_worst) and ε_multi(k_worst) (Eq. (16)) versus N, with the null-key-rate ε at the given distance.</summary>
    public static ResultTable WorstNoise(Seed003Protocol p, double thresholdDistanceKm)
    {
        var t = new ResultTable($"fig5_worst_noise_vs_n_{p.Slug}", "protocol", "subcarrierCount", "worstSubcarrier", "modulationNoiseSnu", "totalExcessNoiseSnu",
            "thresholdDistanceKm", "nullKeyRateExcessNoiseSnu");
        double threshold = NullKeyRateExcessNoise(p.RateModel(Gg02KeyRate.TransmittanceOfFibre(thresholdDistanceKm)));
        var model = p.NoiseModel;
        for (int n = 1; n <= p.MaxSubcarrierCount; n++)
        {
            var w = model.Worst(n);
            t.Add(p.Name, (double)n, (double)w.Subcarrier, w.ModulationNoiseSnu, w.ModulationNoiseSnu + p.SingleCarrierExcessNoiseSnu, thresholdDistanceKm, threshold);
        }
        return t;
    }

    /// <summary>The excess noise ε at which R(ε) = 0 (bisection; R decreases with ε); 0 if R(0) ≤ 0.</summary>
    public static double NullKeyRateExcessNoise(Func<double, double> rate)
    {
        double lo = 0.0, hi = 1.0;
        if (rate(lo) <= 0) return 0.0;
        while (rate(hi) > 0) hi *= 2;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (rate(mid) > 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Figs. 6/7 (QPSK), 9/10 (256QAM), 12/13 (Gaussian): R(k_worst), N R(k_worst) and the gain versus distance.</summary>
    public static ResultTable VersusDistance(Seed003Protocol p)
    {
        var t = new ResultTable($"fig{p.KeyRateFigures[0]}_fig{p.KeyRateFigures[1]}_rate_vs_distance_{p.Slug}", "protocol", "subcarrierCount", "lengthKm",
            "worstSubcarrierRateBits", "totalRateBits", "singleCarrierRateBits", "gain");
        foreach (int n in p.Paper.FigureN)
            for (int i = 0; i <= 100; i++)
            {
                double length = p.MaxDistanceKm * i / 100.0;
                var kr = p.KeyRateAt(length);
                var point = kr.At(n);
                t.Add(p.Name, (double)n, length, point.WorstSubcarrierKeyRateBits, point.TotalKeyRateBits, kr.SingleCarrierKeyRateBits, kr.Gain(n));
            }
        return t;
    }

    /// <summary>Figs. 8, 11, 14: N R(k_worst) and the gain versus N at the paper's three distances.</summary>
    public static (ResultTable Curves, ResultTable Optimal) VersusN(Seed003Protocol p, double toleranceRelative)
    {
        var curves = new ResultTable($"fig{p.KeyRateFigures[2]}_gain_vs_n_{p.Slug}", "protocol", "lengthKm", "subcarrierCount", "totalRateBits", "gain");
        var optimal = new ResultTable($"optimal_n_{p.Slug}", "protocol", "lengthKm", "optimalN", "paperOptimalN", "relativeDifference", "withinTolerance",
            "gainAtOptimum", "keyRateModel");
        for (int d = 0; d < p.Paper.DistancesKm.Length; d++)
        {
            double length = p.Paper.DistancesKm[d];
            var kr = p.KeyRateAt(length);
            var scan = kr.Scan(p.MaxSubcarrierCount);
            double single = kr.SingleCarrierKeyRateBits;
            var best = scan[0];
            foreach (var point in scan)
            {
                curves.Add(p.Name, length, (double)point.SubcarrierCount, point.TotalKeyRateBits, single > 0 ? point.TotalKeyRateBits / single : double.NaN);
                if (point.TotalKeyRateBits > best.TotalKeyRateBits) best = point; // same rule as OfdmKeyRate.Optimal
            }
            int paperN = p.Paper.OptimalN[d];
            double rel = (best.SubcarrierCount - paperN) / (double)paperN;
            optimal.Add(p.Name, length, (double)best.SubcarrierCount, (double)paperN, rel, Math.Abs(rel) <= toleranceRelative,
                single > 0 ? best.TotalKeyRateBits / single : double.NaN, p.RateModelDescription);
        }
        return (curves, optimal);
    }
}
