using QkdNetSim.Analysis.Cv;
using QkdNetSim.Analysis.Cv.Discrete;
using QkdNetSim.Analysis.Cv.Ofdm;
using QkdNetSim.Experiments.Tables;

namespace QkdNetSim.Experiments.Seed003;

/// <summary>
/// Which 256QAM constellation and key-rate bound reproduce Wang et al.'s Fig. 11: optimal N at the paper's distances for
/// the explicit bound of Ref. [33] (Denys et al.) on Eq. (17) with integer levels and with normalised levels, and for the
/// Gaussian-modulation GG02 formula, all with the same Eq. (15) noise. Also c1 / c_G, the constellation's correlation
/// Tr(tau^1/2 a tau^1/2 a^dagger) relative to a Gaussian ensemble of the same &lt;n&gt;, which decides the bound's penalty.
/// </summary>
public static class Qam256ReadingExperiment
{
    public static ResultTable Run(Seed003Protocol qam256)
    {
        double va = qam256.Modulation.ModulationVarianceSnu;
        var detector = qam256.Detector;
        double beta = qam256.ReconciliationEfficiency;
        var normalised = new MaxwellBoltzmannQam(16, MaxwellBoltzmannQam.PaperShapingParameter);
        var readings = new (string Name, Constellation? States)[]
        {
            ("bound of Ref. [33], Eq. (17) on integer levels", Seed003Protocol.IntegerLevelShapedQamStates(16, MaxwellBoltzmannQam.PaperShapingParameter, va)),
            ("bound of Ref. [33], Eq. (17) on normalised levels", NormalisedStates(normalised, va)),
            ("GG02 (Gaussian modulation formula)", null),
        };
        var table = new ResultTable("qam256_readings", "reading", "c1_over_gaussian", "distance_km", "optimal_n", "paper_optimal_n", "total_key_bits");
        foreach (var (name, states) in readings)
        {
            var rate = states is null
                ? Seed003Protocol.Gg02Rate(va, detector, beta)
                : Seed003Protocol.DiscreteBoundRate(states, detector, beta, MutualInformationModel.ContinuousOutcome);
            double ratio = double.NaN;
            if (states is not null)
            {
                double n = states.MeanPhotonNumber;
                ratio = DiscreteModulationKeyRate.TauCorrelation(states).Correlation / Math.Sqrt(n * (n + 1));
            }
            for (int i = 0; i < qam256.Paper.DistancesKm.Length; i++)
            {
                double km = qam256.Paper.DistancesKm[i], t = Gg02KeyRate.TransmittanceOfFibre(km);
                var scan = new OfdmKeyRate(qam256.NoiseModel, qam256.SingleCarrierExcessNoiseSnu, eps => rate(t, eps)).Scan(qam256.MaxSubcarrierCount);
                var best = scan.MaxBy(pt => pt.TotalKeyRateBits);
                bool any = best.TotalKeyRateBits > 0;
                table.Add(name, ratio, km, any ? best.SubcarrierCount : 0, qam256.Paper.OptimalN[i], any ? best.TotalKeyRateBits : 0.0);
            }
        }
        return table;
    }

    private static Constellation NormalisedStates(MaxwellBoltzmannQam qam, double va)
    {
        double scale = Math.Sqrt(va / 2.0 / (2.0 * qam.Levels.Zip(qam.Probabilities, (x, p) => x * x * p).Sum()));
        var points = new List<System.Numerics.Complex>();
        var probabilities = new List<double>();
        for (int i = 0; i < qam.Levels.Count; i++)
            for (int j = 0; j < qam.Levels.Count; j++)
            {
                points.Add(new System.Numerics.Complex(qam.Levels[i] * scale, qam.Levels[j] * scale));
                probabilities.Add(qam.Probabilities[i] * qam.Probabilities[j]);
            }
        return Constellation.Create(points, probabilities, "256QAM, Eq. (17) on normalised levels");
    }
}
