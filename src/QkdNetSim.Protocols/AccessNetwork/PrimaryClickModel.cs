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
    /// <summary>P(outcome | primary click), aligned with <see cref="ClickOutcomes"/> (the weights of <see cref="ClickTable"/>, normalised).</summary>
    public double[] ClickWeights { get; }
    /// <summary>P(settings | no primary click), aligned with <see cref="NoClickOutcomes"/>; null for an empty bin.</summary>
    public double[]? NoClickWeights { get; }

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
        ClickWeights = Normalised(clicks);
        NoClickWeights = noClicks != null ? Normalised(noClicks) : null;
    }

    private static double[] Normalised(List<(PrimaryOutcome o, double w)> outcomes)
    {
        double total = outcomes.Sum(c => c.w);
        return outcomes.Select(c => c.w / total).ToArray();
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
                // Per detector: no click, click with a detected photon, or a dark count alone (independent detectors).
                double pPhoton0 = photon0, pDarkOnly0 = (1 - photon0) * pDark;
                double pPhoton1 = photon1, pDarkOnly1 = (1 - photon1) * pDark;
                var states0 = new (bool click, bool photon, double p)[] { (false, false, q0), (true, true, pPhoton0), (true, false, pDarkOnly0) };
                var states1 = new (bool click, bool photon, double p)[] { (false, false, q1), (true, true, pPhoton1), (true, false, pDarkOnly1) };
                foreach (var s0 in states0)
                foreach (var s1 in states1)
                {
                    if (!s0.click && !s1.click) continue;
                    double w = pSettings * s0.p * s1.p;
                    if (w <= 0) continue;
                    clicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, s0.click, s1.click,
                        s0.photon, s1.photon, m0, m1, lost), w));
                    clickProbability += w;
                }
                noClicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, false, false, false, false, 0, 0, lost), pSettings * q0 * q1));
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
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, true, false, false, false, 0, 0, 0), pb * pDark * (1 - pDark)));
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, false, true, false, false, 0, 0, 0), pb * pDark * (1 - pDark)));
            clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, true, true, false, false, 0, 0, 0), pb * pDark * pDark));
        }
        double p = 1 - (1 - pDark) * (1 - pDark);
        if (p <= 0) clicks = new List<(PrimaryOutcome, double)> { (new PrimaryOutcome(-1, -1, -1, 0, true, false, false, false, 0, 0, 0), 1.0) };
        return new PrimaryClickModel(p, clicks, null, Array.Empty<double>(), null);
    }
}
