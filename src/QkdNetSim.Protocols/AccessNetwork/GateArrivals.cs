using QkdNetSim.Optics;

namespace QkdNetSim.Protocols.AccessNetwork;

/// <summary>
/// Where each transmitter's light lands among the receiver's gates, for given link states (issue 12). User u fires in
/// its bin s_u of every frame; its light arrives x = <see cref="LinkState.TimingOffsetPs"/> after that gate's centre and
/// gate s_u + k catches a fraction w(x - k T) of it (<see cref="GateTiming.LandingGates"/>). Polarization misalignment
/// (<see cref="LinkState.PolarizationOverlap"/> c = cos^2 psi, Optics/Drift/PolarizationDrift) leaves c of the light in the
/// interfering short-long paths and sends (1 - c)/2 into each non-interfering satellite one interferometer delay D early
/// and late (x -/+ D): with D = T/2 (the default, an assumption: seed 004 does not give D) satellites fall between
/// gates and are lost; with D = T they land in the neighbouring bins. Light from the bin owner's own pulse in its own gate
/// is "own" (it carries the settings the receiver sifts against); every other pulse's light in a gate (a neighbour's
/// spill, the owner's satellites are own but do not interfere) is "background": its bit is independent of the owner's,
/// so it is uncorrelated with the sifted key. Efficiencies here are photon detection probabilities: channel x receiver
/// optics x detector efficiency x transmittance factor x fraction x gate window.
/// </summary>
public sealed class GateArrivals
{
    /// <summary>The light of one other pulse (of user <paramref name="User"/>) in a bin: its interfering and non-interfering detection probabilities.</summary>
    public readonly record struct Background(int User, double InterferingEta, double NonInterferingEta);

    private GateArrivals(int[] owner, double[] ownEta, double[] ownSatelliteEta, Background[][] background)
    {
        Owner = owner;
        OwnInterferingEta = ownEta;
        OwnSatelliteEta = ownSatelliteEta;
        BackgroundBySlot = background;
    }

    /// <summary>User owning each bin (active in its link state), -1 for an empty bin.</summary>
    public int[] Owner { get; }

    /// <summary>Detection probability of one photon of the owner's pulse in its own gate through the interfering paths.</summary>
    public double[] OwnInterferingEta { get; }

    /// <summary>Detection probability of one photon of the owner's pulse in its own gate through the satellites (non-interfering, 50:50 at the outputs).</summary>
    public double[] OwnSatelliteEta { get; }

    /// <summary>Other pulses whose light reaches each bin (empty when every offset is small and the polarization aligned).</summary>
    public Background[][] BackgroundBySlot { get; }

    /// <summary>
    /// The light's paths through the two interferometers: (arrival offset, fraction of the light, interferes): the interfering
    /// short-long paths with the overlap c, and with c &lt; 1 the early and late satellites with (1 - c)/2 each; paths with no
    /// light are left out. With c = 1 the one path carries exactly 1, so the static network's efficiencies are unchanged.
    /// </summary>
    public static List<(double OffsetPs, double Fraction, bool Interferes)> Paths(in LinkState state, double interferometerDelayPs)
    {
        double c = state.PolarizationOverlap, x = state.TimingOffsetPs;
        var paths = new List<(double, double, bool)>(3);
        if (c > 0) paths.Add((x, c, true));
        if (c < 1) { paths.Add((x - interferometerDelayPs, (1 - c) / 2, false)); paths.Add((x + interferometerDelayPs, (1 - c) / 2, false)); }
        return paths;
    }

    public static GateArrivals Of(AccessNetworkConfig config, ReadOnlySpan<LinkState> states)
    {
        int n = config.TimeBins;
        var owner = Enumerable.Repeat(-1, n).ToArray();
        var ownEta = new double[n];
        var ownSat = new double[n];
        var spill = new SortedDictionary<(int Slot, int User, long Gate), (double Interfering, double NonInterfering)>();
        double periodPs = config.GatePeriodPs, delayPs = config.EffectiveInterferometerDelayPs;
        foreach (var u in config.Users)
            if (states[u.Index].Active) owner[u.Slot] = u.Index;
        foreach (var u in config.Users)
        {
            LinkState st = states[u.Index];
            if (!st.Active) continue;
            foreach (var (offsetPs, fraction, interferes) in Paths(st, delayPs))
            {
                foreach (var (k, window) in GateTiming.LandingGates(offsetPs, config.GateWindowFwhmPs, periodPs))
                {
                    double eta = config.PhotonDetectionProbability(u, window) * st.TransmittanceFactor * fraction;
                    if (!(eta > 0)) continue;
                    int slot = (int)(((u.Slot + k) % n + n) % n);
                    if (k == 0)
                    {
                        if (interferes) ownEta[slot] += eta;
                        else ownSat[slot] += eta;
                        continue;
                    }
                    spill.TryGetValue((slot, u.Index, k), out var e);
                    spill[(slot, u.Index, k)] = interferes ? (e.Interfering + eta, e.NonInterfering) : (e.Interfering, e.NonInterfering + eta);
                }
            }
        }
        var background = new Background[n][];
        for (int s = 0; s < n; s++)
            background[s] = spill.Where(kv => kv.Key.Slot == s).Select(kv => new Background(kv.Key.User, kv.Value.Interfering, kv.Value.NonInterfering)).ToArray();
        return new GateArrivals(owner, ownEta, ownSat, background);
    }
}
