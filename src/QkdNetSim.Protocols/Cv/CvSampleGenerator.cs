using QkdNetSim.Core.Random;
using QkdNetSim.Detectors;

namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Sample-level prepare-and-measure CV-QKD: per round Alice draws one displacement (x_A, p_A) from her
/// <see cref="CvModulation"/>; every Bob receives the SAME symbol through his <see cref="CvUserChannel"/> and heterodynes:
/// bob_q,i = g_i q_A + n_q,i with independent Gaussian n of variance N0_i (derivation in <see cref="HeterodyneDetector"/>).
/// Random streams: "cv.alice" for the modulation, "cv.user{i}" for Bob i's noise, derived from the root seed
/// (<see cref="RngStreams"/>), so samples do not depend on the block size and adding users does not change the others'.
/// Blocks are filled in caller-owned arrays: no allocation per sample.
/// </summary>
public sealed class CvSampleGenerator
{
    private readonly CvModulation _modulation;
    private readonly CvUserChannel[] _users;
    private readonly double[] _gain;
    private readonly double[] _noiseSigma;
    private Xoshiro256 _alice;
    private readonly Xoshiro256[] _userRng;

    public CvSampleGenerator(CvModulation modulation, IReadOnlyList<CvUserChannel> users, ulong rootSeed)
    {
        ArgumentNullException.ThrowIfNull(modulation);
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count < 1) throw new ArgumentException("at least one user", nameof(users));
        _modulation = modulation;
        _users = users.ToArray();
        var streams = new RngStreams(rootSeed);
        _alice = streams.StreamFor("cv.alice");
        _userRng = new Xoshiro256[_users.Length];
        _gain = new double[_users.Length];
        _noiseSigma = new double[_users.Length];
        for (int i = 0; i < _users.Length; i++)
        {
            _userRng[i] = streams.StreamFor($"cv.user{i}");
            _gain[i] = _users[i].SignalGain;
            _noiseSigma[i] = Math.Sqrt(_users[i].ConditionalNoiseVarianceSnu);
        }
    }

    public CvModulation Modulation => _modulation;

    public IReadOnlyList<CvUserChannel> Users => _users;

    public int UserCount => _users.Length;

    /// <summary>Rounds generated so far (index of the next round).</summary>
    public long RoundsGenerated { get; private set; }

    /// <summary>
    /// Generates the next <c>aliceX.Length</c> rounds. Bob arrays are user-major: Bob i's outcome of round r of the block
    /// is at index i * n + r (length UserCount * n).
    /// </summary>
    public void NextBlock(Span<double> aliceX, Span<double> aliceP, Span<double> bobX, Span<double> bobP)
    {
        int n = aliceX.Length;
        if (aliceP.Length != n || bobX.Length != n * _users.Length || bobP.Length != n * _users.Length)
            throw new ArgumentException("aliceX, aliceP need equal lengths n; bobX, bobP need UserCount * n");
        for (int r = 0; r < n; r++)
        {
            _modulation.Sample(ref _alice, out double x, out double p);
            aliceX[r] = x;
            aliceP[r] = p;
        }
        for (int i = 0; i < _users.Length; i++)
            HeterodyneDetector.MeasureBlock(_gain[i], _noiseSigma[i], aliceX, aliceP, ref _userRng[i],
                bobX.Slice(i * n, n), bobP.Slice(i * n, n));
        RoundsGenerated += n;
    }
}
