using QkdNetSim.Core.Random;
using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Exact per-gate law of the primary clicks (signal photons and dark counts) in one time bin, factorised for
/// skip-ahead: P(any primary click) per gate, and the conditional laws of everything else given a click or given
/// none. Photon numbers are Poisson(mu_k); Poisson splitting makes the two detectors independent with means
/// m_d = mu_k eta P(port d) (PhaseInterferometer), and detector d clicks with 1 - (1 - p_dark) exp(-m_d).
/// </summary>
public sealed class PrimaryClickModel
{
    /// <summary>P(at least one detector has a photon or dark click) in a gate of this bin.</summary>
    public double ClickProbability { get; }
    public double InvLogNoClick { get; }
    public PrimaryOutcome[] ClickOutcomes { get; }
    public AliasTable ClickTable { get; }
    /// <summary>Settings (click flags false) given no primary click; null for an empty bin.</summary>
    public PrimaryOutcome[]? NoClickOutcomes { get; }
    public AliasTable? NoClickTable { get; }
    /// <summary>P(intensity k | no primary click), for the emitted-pulse count of gates never looked at.</summary>
    public double[] IntensityGivenNoClick { get; }
    public AccessUser? User { get; }

    private PrimaryClickModel(double clickProbability, List<(PrimaryOutcome o, double w)> clicks,
        List<(PrimaryOutcome o, double w)>? noClicks, double[] intensityGivenNoClick, AccessUser? user)
    {
        ClickProbability = clickProbability;
        InvLogNoClick = clickProbability > 0 ? Samplers.InvLogOneMinus(clickProbability) : 0;
        ClickOutcomes = clicks.Select(c => c.o).ToArray();
        ClickTable = new AliasTable(clicks.Select(c => c.w).ToArray());
        if (noClicks != null)
        {
            NoClickOutcomes = noClicks.Select(c => c.o).ToArray();
            NoClickTable = new AliasTable(noClicks.Select(c => c.w).ToArray());
        }
        IntensityGivenNoClick = intensityGivenNoClick;
        User = user;
    }

    /// <summary>Bin owned by an active user.</summary>
    public static PrimaryClickModel ForUser(AccessNetworkConfig config, AccessUser user)
    {
        double eta = config.PhotonDetectionProbability(user);
        double pDark = config.Detector.PrimaryDarkProbabilityPerGate;
        double visibility = PhaseInterferometer.VisibilityFromOpticalError(user.OpticalError);
        var source = user.Source;
        var clicks = new List<(PrimaryOutcome, double)>();
        var noClicks = new List<(PrimaryOutcome, double)>();
        var noClickByIntensity = new double[source.Levels];
        double clickProbability = 0;
        for (int k = 0; k < source.Levels; k++)
        {
            double mu = source.MeanPhotonNumbers[k];
            for (int a = 0; a < 2; a++)
            for (int x = 0; x < 2; x++)
            for (int b = 0; b < 2; b++)
            {
                double pSettings = source.Probabilities[k]
                    * (a == 0 ? source.Basis0Probability : 1 - source.Basis0Probability) * 0.5
                    * (b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability);
                if (pSettings == 0) continue;
                double port0 = PhaseInterferometer.Port0Probability(a, x, b, visibility);
                double m0 = mu * eta * port0, m1 = mu * eta * (1 - port0);
                double q0 = (1 - pDark) * Math.Exp(-m0), q1 = (1 - pDark) * Math.Exp(-m1); // P(no click) per detector
                double photon0 = 1 - Math.Exp(-m0), photon1 = 1 - Math.Exp(-m1);
                double lost = mu * (1 - eta);
                var pattern = new (bool c0, bool c1, double p)[]
                {
                    (true, false, (1 - q0) * q1), (false, true, q0 * (1 - q1)), (true, true, (1 - q0) * (1 - q1)),
                };
                foreach (var (c0, c1, p) in pattern)
                {
                    double w = pSettings * p;
                    if (w <= 0) continue;
                    clicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, c0, c1,
                        photon0 / (1 - q0), photon1 / (1 - q1), m0, m1, lost), w));
                    clickProbability += w;
                }
                noClicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, false, false, 0, 0, 0, 0, lost), pSettings * q0 * q1));
                noClickByIntensity[k] += pSettings * q0 * q1;
            }
        }
        double noClickTotal = noClickByIntensity.Sum();
        return new PrimaryClickModel(clickProbability, clicks, noClicks,
            noClickByIntensity.Select(v => v / noClickTotal).ToArray(), user);
    }

    /// <summary>Empty bin (no user, or user inactive): dark counts only.</summary>
    public static PrimaryClickModel ForEmptyBin(AccessNetworkConfig config)
    {
        double pDark = config.Detector.PrimaryDarkProbabilityPerGate;
        var clicks = new List<(PrimaryOutcome, double)>();
        for (int b = 0; b < 2; b++)
        {
            double pb = b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability;
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, true, false, 0, 0, 0, 0, 0), pb * pDark * (1 - pDark)));
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, false, true, 0, 0, 0, 0, 0), pb * pDark * (1 - pDark)));
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, true, true, 0, 0, 0, 0, 0), pb * pDark * pDark));
        }
        double p = 1 - (1 - pDark) * (1 - pDark);
        if (p <= 0) clicks = new List<(PrimaryOutcome, double)> { (new PrimaryOutcome(-1, -1, -1, 0, true, false, 0, 0, 0, 0, 0), 1.0) };
        return new PrimaryClickModel(p, clicks, null, Array.Empty<double>(), null);
    }
}
