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

    /// <summary>Bin owned by an active user in the static network (the scenario's own link state, nothing reaching other bins).</summary>
    public static PrimaryClickModel ForUser(AccessNetworkConfig config, AccessUser user) =>
        ForOwner(config, user, LinkState.Nominal(user), config.PhotonDetectionProbability(user), 0, NoBackground);

    /// <summary>
    /// One model per time bin for the given link states (issue 12): where the light lands is <see cref="GateArrivals"/>;
    /// a bin's owner interferes with the phase error of its state, and the other pulses reaching the bin add background
    /// photons. With every state nominal each model is exactly the static one (<see cref="ForUser"/>, <see cref="ForEmptyBin"/>).
    /// </summary>
    public static PrimaryClickModel[] ForSlots(AccessNetworkConfig config, ReadOnlySpan<LinkState> states)
    {
        var arrivals = GateArrivals.Of(config, states);
        var models = new PrimaryClickModel[config.TimeBins];
        for (int s = 0; s < models.Length; s++)
        {
            var bg = BackgroundStates(config, arrivals.BackgroundBySlot[s], states);
            int o = arrivals.Owner[s];
            models[s] = o >= 0
                ? ForOwner(config, config.Users[o], states[o], arrivals.OwnInterferingEta[s], arrivals.OwnSatelliteEta[s], bg)
                : bg == NoBackground ? ForEmptyBin(config) : ForEmptyBinWithBackground(config, bg);
        }
        return models;
    }

    /// <summary>Background-photon states per Bob basis: P(photon at detector 0?, at detector 1?) as [b][g0 + 2 g1].</summary>
    private static readonly double[][] NoBackground = [[1, 0, 0, 0], [1, 0, 0, 0]];

    /// <summary>
    /// Law of the background photons in a bin given the receiver's basis b. Pulse j (of user u) brings Poisson light of mean
    /// mu_k r_u (eta_int + eta_non) given its settings; its interfering part exits port 0 with (1 + V_u cos(phiA - phiB + delta_u))/2,
    /// the rest 50:50, so per detector the means are Poisson-split and, over u's settings (intensity k, basis, bit), the
    /// probabilities of no photon at detector 0, at 1 and at both are mixtures of exponentials. Pulses are independent:
    /// the no-photon probabilities multiply; inclusion-exclusion gives the four states. Assumption: a pulse that reaches two
    /// gates is drawn independently in each (the fast engine's per-gate law); its intensity and bit correlate the two
    /// gates' clicks, a second-order effect the per-pulse reference engine keeps.
    /// </summary>
    private static double[][] BackgroundStates(AccessNetworkConfig config, GateArrivals.Background[] pulses, ReadOnlySpan<LinkState> states)
    {
        if (pulses.Length == 0) return NoBackground;
        var result = new double[2][];
        for (int b = 0; b < 2; b++)
        {
            double none = 1, none0 = 1, none1 = 1;
            foreach (var p in pulses)
            {
                var user = config.Users[p.User];
                var st = states[p.User];
                double v = PhaseInterferometer.VisibilityFromOpticalError(user.OpticalError);
                double n = 0, n0 = 0, n1 = 0;
                for (int k = 0; k < user.Source.Levels; k++)
                {
                    double mu = user.Source.MeanPhotonNumbers[k] * st.IntensityFactor;
                    for (int a = 0; a < 2; a++)
                    for (int x = 0; x < 2; x++)
                    {
                        double w = user.Source.Probabilities[k] * (a == 0 ? user.Source.Basis0Probability : 1 - user.Source.Basis0Probability) * 0.5;
                        if (w == 0) continue;
                        double port0 = PhaseInterferometer.Port0Probability(a, x, b, v, st.PhaseErrorRad);
                        double m0 = mu * (p.InterferingEta * port0 + p.NonInterferingEta / 2), m1 = mu * (p.InterferingEta * (1 - port0) + p.NonInterferingEta / 2);
                        n += w * Math.Exp(-(m0 + m1));
                        n0 += w * Math.Exp(-m0);
                        n1 += w * Math.Exp(-m1);
                    }
                }
                none *= n; none0 *= n0; none1 *= n1;
            }
            // States g0 + 2 g1: none; photon at 0 only; at 1 only; at both.
            double only0 = Math.Max(0, none1 - none), only1 = Math.Max(0, none0 - none), both = Math.Max(0, 1 - none0 - none1 + none);
            result[b] = [none, only0, only1, both];
        }
        return result;
    }

    /// <summary>
    /// The owner's bin: own photons Poisson with means m_d = mu_k r (eta_int P(port d | settings, V, delta) + eta_sat / 2) per
    /// detector; background photons by <paramref name="background"/>; dark counts independent per detector.
    /// </summary>
    private static PrimaryClickModel ForOwner(AccessNetworkConfig config, AccessUser user, LinkState state, double eta, double satelliteEta,
        double[][] background)
    {
        double pDark = config.Detector.PrimaryDarkProbabilityPerGate;
        double visibility = PhaseInterferometer.VisibilityFromOpticalError(user.OpticalError);
        var source = user.Source;
        var clicks = new List<(PrimaryOutcome, double)>();
        var noClicks = new List<(PrimaryOutcome, double)>();
        var noClickByIntensity = new double[source.Levels];
        double clickProbability = 0;
        for (int k = 0; k < source.Levels; k++)
        {
            double mu = source.MeanPhotonNumbers[k] * state.IntensityFactor;
            for (int a = 0; a < 2; a++)
            for (int x = 0; x < 2; x++)
            for (int b = 0; b < 2; b++)
            {
                double pSettings = source.Probabilities[k]
                    * (a == 0 ? source.Basis0Probability : 1 - source.Basis0Probability) * 0.5
                    * (b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability);
                if (pSettings == 0) continue;
                double port0 = PhaseInterferometer.Port0Probability(a, x, b, visibility, state.PhaseErrorRad);
                double satellite = mu * satelliteEta / 2;
                double m0 = mu * eta * port0 + satellite, m1 = mu * eta * (1 - port0) + satellite;
                double q0 = (1 - pDark) * Math.Exp(-m0), q1 = (1 - pDark) * Math.Exp(-m1); // P(no click) per detector
                double photon0 = 1 - Math.Exp(-m0), photon1 = 1 - Math.Exp(-m1);
                double lost = mu * (1 - (eta + satelliteEta));
                // Per detector: no click, click with an own photon, a background photon alone, or a dark count alone.
                double pPhoton0 = photon0, pDarkOnly0 = (1 - photon0) * pDark;
                double pPhoton1 = photon1, pDarkOnly1 = (1 - photon1) * pDark;
                double[] bg = background[b];
                for (int g = 0; g < 4; g++)
                {
                    double pg = bg[g];
                    if (pg <= 0) continue;
                    var states0 = DetectorStates((g & 1) != 0, q0, pPhoton0, pDarkOnly0, 1 - photon0);
                    var states1 = DetectorStates((g & 2) != 0, q1, pPhoton1, pDarkOnly1, 1 - photon1);
                    foreach (var s0 in states0)
                    foreach (var s1 in states1)
                    {
                        if (!s0.click && !s1.click) continue;
                        double w = pSettings * pg * s0.p * s1.p;
                        if (w <= 0) continue;
                        clicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, s0.click, s1.click,
                            s0.photon, s1.photon, s0.own, s1.own, m0, m1, lost), w));
                        clickProbability += w;
                    }
                }
                double pNone = pSettings * bg[0] * q0 * q1;
                noClicks.Add((new PrimaryOutcome((sbyte)k, (sbyte)a, (sbyte)x, (byte)b, false, false, false, false, 0, 0, lost), pNone));
                noClickByIntensity[k] += pNone;
            }
        }
        double noClickTotal = noClickByIntensity.Sum();
        return new PrimaryClickModel(clickProbability, clicks, noClicks,
            noClickByIntensity.Select(v => v / noClickTotal).ToArray(), user);
    }

    /// <summary>One detector's states: without background light no click, own photon, dark only; with it the detector always clicks (own photon or not).</summary>
    private static (bool click, bool photon, bool own, double p)[] DetectorStates(bool background, double none, double ownPhoton, double darkOnly, double noOwnPhoton) =>
        background
            ? [(true, true, true, ownPhoton), (true, true, false, noOwnPhoton)]
            : [(false, false, false, none), (true, true, true, ownPhoton), (true, false, false, darkOnly)];

    /// <summary>An empty bin reached by other pulses' light: background photons and dark counts; Bob's basis given no click is kept too.</summary>
    private static PrimaryClickModel ForEmptyBinWithBackground(AccessNetworkConfig config, double[][] background)
    {
        double pDark = config.Detector.PrimaryDarkProbabilityPerGate;
        var clicks = new List<(PrimaryOutcome, double)>();
        var noClicks = new List<(PrimaryOutcome, double)>();
        double clickProbability = 0;
        for (int b = 0; b < 2; b++)
        {
            double pb = b == 0 ? config.BobBasis0Probability : 1 - config.BobBasis0Probability;
            if (pb == 0) continue;
            for (int g = 0; g < 4; g++)
            {
                double pg = background[b][g];
                if (pg <= 0) continue;
                var states0 = DetectorStates((g & 1) != 0, 1 - pDark, 0, pDark, 1);
                var states1 = DetectorStates((g & 2) != 0, 1 - pDark, 0, pDark, 1);
                foreach (var s0 in states0)
                foreach (var s1 in states1)
                {
                    if (!s0.click && !s1.click) continue;
                    double w = pb * pg * s0.p * s1.p;
                    if (w <= 0) continue;
                    clicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, s0.click, s1.click, s0.photon, s1.photon, false, false, 0, 0, 0), w));
                    clickProbability += w;
                }
            }
            noClicks.Add((new PrimaryOutcome(-1, -1, -1, (byte)b, false, false, false, false, 0, 0, 0), pb * background[b][0] * (1 - pDark) * (1 - pDark)));
        }
        return new PrimaryClickModel(clickProbability, clicks, noClicks, Array.Empty<double>(), null);
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
