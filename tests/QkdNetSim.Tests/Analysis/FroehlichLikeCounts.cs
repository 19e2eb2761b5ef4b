using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

/// <summary>
/// Expected (noise-free) counts of a Froehlich et al. (Nature 501, 69 (2013)) like 20-min session: per-gate detection
/// probability Q_k = 1 - exp(-mu_k eta) + Y0, error probability e_opt (1 - exp(-mu_k eta)) + Y0/2, each sifted basis
/// receiving 1/4 of the pulses.
/// </summary>
internal static class FroehlichLikeCounts
{
    public static readonly double[] Mu = [0.5, 0.1, 0.0002];
    public static readonly double[] P = [0.9883, 0.0078, 0.0039];
    public const double Y0 = 4.4e-5;
    public const double SessionS = 1200.0;
    public const double Pulses = 125e6 * SessionS;

    public static double EtaSystem => Math.Pow(10, -1.36) * 0.0904;

    public static DecoyBb84Input Build(double opticalError = 0.005, double scale = 1.0, ChernoffForm form = ChernoffForm.YanEq2)
    {
        var n = new long[2][];
        var m = new long[2][];
        var emitted = new long[3];
        for (int b = 0; b < 2; b++)
        {
            n[b] = new long[3];
            m[b] = new long[3];
            for (int k = 0; k < 3; k++)
            {
                double pulsesK = Pulses * P[k] * scale;
                emitted[k] = (long)Math.Round(pulsesK);
                double signal = 1 - Math.Exp(-Mu[k] * EtaSystem);
                n[b][k] = (long)Math.Round(pulsesK / 4 * (signal + Y0));
                m[b][k] = (long)Math.Round(pulsesK / 4 * (opticalError * signal + Y0 / 2));
            }
        }
        return new DecoyBb84Input
        {
            MeanPhotons = (double[])Mu.Clone(),
            IntensityProbabilities = (double[])P.Clone(),
            SiftedCounts = n,
            ErrorCounts = m,
            SessionTimeS = SessionS * scale,
            EmittedPulses = emitted,
            Chernoff = form,
        };
    }
}
