using MathNet.Numerics.LinearAlgebra;

namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// The Gaussian state of the whole network in the entanglement-based picture of Bian et al., arXiv:2507.04462, Fig. 13,
/// built from the toolkit's symplectic operations rather than written in closed form, so that per-user drops, detectors
/// and noise can differ. Modes (2N + 1): A (index 0), the detected modes B_1..B_N after each Bob's trusted detector beam
/// splitter (indices 1..N), and the trusted detector ancillas D_1..D_N (indices N+1..2N). Eve purifies the rest.
/// Construction: EPR(V) on A-B0; feeder channel (T_f, eps_f); N-1 beam splitters eta_j = 1 - 1/(N-j+1) (Fig. 9a);
/// drop channel i (T_d,i, eps_i); detector beam splitter eta_D,i with vacuum D_i.
/// </summary>
public sealed class BroadcastState
{
    /// <summary>Covariance matrix of A, B_1..B_N, D_1..D_N (SNU).</summary>
    public CovarianceMatrix Covariance { get; }

    /// <summary>Number of Bobs N.</summary>
    public int UserCount { get; }

    /// <summary>Mode index of Alice's mode A.</summary>
    public const int AliceMode = 0;

    /// <summary>Mode index of Bob i's detected mode (0-based user i).</summary>
    public int BobMode(int user) => 1 + user;

    /// <summary>Mode index of Bob i's trusted detector ancilla D_i.</summary>
    public int DetectorMode(int user) => 1 + UserCount + user;

    private BroadcastState(CovarianceMatrix covariance, int userCount)
    {
        Covariance = covariance;
        UserCount = userCount;
    }

    /// <summary>Builds the network state of <paramref name="network"/>.</summary>
    public static BroadcastState Of(BroadcastNetwork network) => Build(network, includeDetectors: true);

    /// <summary>
    /// State of A, B_1..B_N right after the splitter tree and drops, before detection (no D modes); with no drops it is
    /// the state the paper's Eqs. 29-31 describe.
    /// </summary>
    public static CovarianceMatrix BeforeDetection(BroadcastNetwork network) => Build(network, includeDetectors: false).Covariance;

    private static BroadcastState Build(BroadcastNetwork network, bool includeDetectors)
    {
        int n = network.UserCount;
        double v = network.ModulationVarianceSnu + 1.0;
        double tf = network.FeederTransmittance;

        // Feeder channel (Fig. 13): V_B0' = T_f (V + chi), chi = 1/T_f - 1 + eps_f; C_AB0' = sqrt(T_f (V^2 - 1)).
        double chiFeeder = 1.0 / tf - 1.0 + network.FeederExcessNoiseSnu;
        var state = CovarianceMatrix.Epr(v);
        state = ChannelOnMode(state, 1, tf, tf * network.FeederExcessNoiseSnu);
        System.Diagnostics.Debug.Assert(Math.Abs(state[2, 2] - tf * (v + chiFeeder)) < 1e-9 * v);

        // Broadcast (Fig. 9a): carrier B0' meets vacuum F_j on a beam splitter of transmittance eta_j = 1 - 1/(N - j + 1);
        // F_j leaves with (1 - eta_j) of the carrier, the carrier continues; after N - 1 splitters it is B_N. Modes: A, B_1..B_N.
        if (n > 1)
        {
            // Modes: A (0), carrier (1), F_1..F_(N-1) (2..N); relabelled at the end so that B_j = F_j and B_N = carrier.
            state = state.DirectSum(CovarianceMatrix.Vacuum(n - 1));
            var s = Matrix<double>.Build.DenseIdentity(2 * (n + 1));
            for (int j = 1; j <= n - 1; j++)
            {
                double etaJ = 1.0 - 1.0 / (n - j + 1); // uniform 1-to-N broadcast (Methods E.1)
                s = BeamSplitter.Symplectic(n + 1, 1 + j, 1, etaJ) * s; // F_j -> sqrt(eta_j) F_j + sqrt(1-eta_j) carrier
            }
            state = state.Transformed(s);
            int[] order = new int[n + 1];
            order[0] = 0;
            for (int j = 1; j <= n - 1; j++) order[j] = 1 + j;
            order[n] = 1;
            state = state.Submatrix(order);
        }

        // Drops: loss T_d,i and independent excess noise T_f T_d,i eps_i / N at Bob i (eps_i referred to Alice's output).
        for (int i = 0; i < n; i++)
        {
            var u = network.Users[i];
            state = ChannelOnMode(state, 1 + i, u.DropTransmittance, network.EndToEndTransmittance(i) * u.DropExcessNoiseSnu);
        }
        if (!includeDetectors) return new BroadcastState(state, n);
        return WithTrustedDetectors(state, network.Users.Select(u => u.TrustedDetectorTransmittance).ToArray());
    }

    /// <summary>
    /// The network state from any covariance matrix of A, B_1..B_N at the Bobs' detector inputs (e.g. estimated from
    /// lab data, seed 000 Methods C) and each Bob's trusted detector transmittance eta_D,i = eta_d,i / (1 + v_ele,i):
    /// beam splitter eta_D,i with a vacuum D_i (Methods F.1, Fig. 13), then ideal heterodyne.
    /// </summary>
    public static BroadcastState WithTrustedDetectors(CovarianceMatrix aliceAndBobs, IReadOnlyList<double> detectorTransmittances)
    {
        int n = aliceAndBobs.ModeCount - 1;
        if (n < 1 || detectorTransmittances.Count != n)
            throw new ArgumentException($"need modes A, B_1..B_N and N detector transmittances (got {aliceAndBobs.ModeCount} modes, {detectorTransmittances.Count} detectors)");
        var state = aliceAndBobs.DirectSum(CovarianceMatrix.Vacuum(n));
        var d = Matrix<double>.Build.DenseIdentity(2 * (2 * n + 1));
        for (int i = 0; i < n; i++)
            d = BeamSplitter.Symplectic(2 * n + 1, 1 + i, 1 + n + i, detectorTransmittances[i]) * d;
        return new BroadcastState(state.Transformed(d), n);
    }

    /// <summary>
    /// Phase-insensitive Gaussian channel on one mode: gamma -&gt; X gamma X^T + Y with X = sqrt(T) and Y = (1 - T + n) I on
    /// that mode (n = added excess noise at the output, SNU); loss plus thermal noise, as an entangling cloner would give.
    /// </summary>
    private static CovarianceMatrix ChannelOnMode(CovarianceMatrix state, int mode, double transmittance, double addedNoiseSnu)
    {
        var x = Matrix<double>.Build.DenseIdentity(2 * state.ModeCount);
        var y = Matrix<double>.Build.Dense(2 * state.ModeCount, 2 * state.ModeCount);
        for (int q = 0; q < 2; q++)
        {
            x[2 * mode + q, 2 * mode + q] = Math.Sqrt(transmittance);
            y[2 * mode + q, 2 * mode + q] = 1.0 - transmittance + addedNoiseSnu;
        }
        return CovarianceMatrix.Derived(x * state.Values * x.Transpose() + y);
    }
}
