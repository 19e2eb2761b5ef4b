using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Coherent-field optics of one BSM module (seed 002 Fig. 2h): two phase-randomised weak coherent time-bin pulses on a
/// 50:50 beam splitter. Given the relative global phase Phi = phi_B - phi_A and the early-late phase drift delta, every
/// output mode (detector k, bin t) holds a coherent state, so its photon number is Poisson with mean
/// m_{k,t} = eps_k [ (A_t + B_t)/2 +- kappa sqrt(A_t B_t) cos(psi_t) ], psi_e = Phi, psi_l = Phi + theta_B - theta_A + delta
/// (+ on detector 0 = port (a+b)/sqrt2, - on detector 1), independent across modes. Averaging over Phi gives the 50 %
/// HOM limit of weak coherent pulses and the 25 % X-basis error floor without a single-photon shortcut.
/// </summary>
/// <remarks>
/// kappa = p gamma_t sqrt(P_pol) is the intensity coherence of the two fields: p the comb line's coherent fraction
/// (<see cref="CombLine"/>), gamma_t = exp(-tau^2 / (8 sigma^2)) the overlap of two transform-limited Gaussian pulses
/// (intensity rms sigma) offset by tau, P_pol the polarization overlap. The part of B's field not overlapping A's adds
/// intensity without interference. delta ~ N(0, 2 x 2 pi linewidth T): both users' lines drift independently between
/// their early and late bins (Wiener phase of a Lorentzian line), because fibre spools decorrelate the two users' light.
/// </remarks>
public sealed class BsmOptics
{
    public BsmModule Module { get; }
    public UserStateTable StatesA { get; }
    public UserStateTable StatesB { get; }
    /// <summary>Number of state pairs = |states A| x |states B|; pair index = sA x |states B| + sB.</summary>
    public int PairCount { get; }

    /// <summary>Intensity coherence kappa of the two users' fields at the beam splitter.</summary>
    public double Kappa { get; }
    /// <summary>rms of the relative early-late phase drift delta, rad.</summary>
    public double PhaseDriftRms { get; }
    /// <summary>Detection efficiency of detector 0 and 1.</summary>
    public double Efficiency0 { get; }
    public double Efficiency1 { get; }
    /// <summary>Mean dark counts per slot of detector 0 and 1.</summary>
    public double DarkPerSlot0 { get; }
    public double DarkPerSlot1 { get; }
    /// <summary>rms of a detected photon's arrival time about its bin centre: pulse envelope and detector jitter, ps.</summary>
    public double TimeSpreadRms0Ps { get; }
    public double TimeSpreadRms1Ps { get; }
    /// <summary>e^-<see cref="DarkPerSlot0"/> and e^-<see cref="DarkPerSlot1"/>: the dark counts' Poisson inversion start.</summary>
    public double ExpMinusDarkPerSlot0 { get; }
    public double ExpMinusDarkPerSlot1 { get; }

    // Per state pair: photons at the beam splitter in each bin from A and B, interference amplitudes kappa sqrt(A B), and
    // the late-bin encoding phase difference.
    private readonly double[] _sumE, _sumL, _ampE, _ampL, _phaseL, _shiftE, _shiftL;
    // Per state pair and mode (detector 0 early, 0 late, 1 early, 1 late) at [pair * 4 + mode]: see NoneBelow.
    private readonly double[] _noneBelow;

    public BsmOptics(BsmModule module, UserStateTable statesA, UserStateTable statesB, MdiTiming timing)
    {
        Module = module;
        StatesA = statesA;
        StatesB = statesB;
        PairCount = statesA.Count * statesB.Count;
        double sigma = timing.PulseSigmaPs;
        double tau = module.RelativeDelayPs;
        Kappa = module.Line.CoherentFraction * Math.Exp(-tau * tau / (8 * sigma * sigma)) * Math.Sqrt(module.PolarizationOverlap);
        PhaseDriftRms = Math.Sqrt(2 * module.Line.PhaseDriftVariance(timing.EarlyLateSeparationPs));
        Efficiency0 = module.Detector0.EfficiencyFraction;
        Efficiency1 = module.Detector1.EfficiencyFraction;
        DarkPerSlot0 = module.Detector0.DarkCountsPerPeriod(timing.SlotPeriodPs);
        DarkPerSlot1 = module.Detector1.DarkCountsPerPeriod(timing.SlotPeriodPs);
        TimeSpreadRms0Ps = module.Detector0.ClickTimeSpreadRmsPs(sigma);
        TimeSpreadRms1Ps = module.Detector1.ClickTimeSpreadRmsPs(sigma);
        ExpMinusDarkPerSlot0 = Math.Exp(-DarkPerSlot0);
        ExpMinusDarkPerSlot1 = Math.Exp(-DarkPerSlot1);

        _sumE = new double[PairCount]; _sumL = new double[PairCount];
        _ampE = new double[PairCount]; _ampL = new double[PairCount];
        _phaseL = new double[PairCount];
        _shiftE = new double[PairCount]; _shiftL = new double[PairCount];
        for (int a = 0; a < statesA.Count; a++)
        for (int b = 0; b < statesB.Count; b++)
        {
            int p = a * statesB.Count + b;
            double ae = module.TransmittanceA * statesA.MeanEarly[a], al = module.TransmittanceA * statesA.MeanLate[a];
            double be = module.TransmittanceB * statesB.MeanEarly[b], bl = module.TransmittanceB * statesB.MeanLate[b];
            _sumE[p] = (ae + be) / 2;
            _sumL[p] = (al + bl) / 2;
            _ampE[p] = Kappa * Math.Sqrt(ae * be);
            _ampL[p] = Kappa * Math.Sqrt(al * bl);
            _phaseL[p] = statesB.LatePhase[b] - statesA.LatePhase[a];
            // Arrival-time centroid of a bin's photons: B's pulses arrive tau later; weight by each user's share.
            _shiftE[p] = ae + be > 0 ? tau * be / (ae + be) : 0;
            _shiftL[p] = al + bl > 0 ? tau * bl / (al + bl) : 0;
        }
        _noneBelow = new double[PairCount * 4];
        for (int p = 0; p < PairCount; p++)
        {
            _noneBelow[p * 4 + 0] = NoneBelowOf(Efficiency0 * (_sumE[p] + _ampE[p]));
            _noneBelow[p * 4 + 1] = NoneBelowOf(Efficiency0 * (_sumL[p] + _ampL[p]));
            _noneBelow[p * 4 + 2] = NoneBelowOf(Efficiency1 * (_sumE[p] + _ampE[p]));
            _noneBelow[p * 4 + 3] = NoneBelowOf(Efficiency1 * (_sumL[p] + _ampL[p]));
        }
    }

    // maxMean is evaluated as ModeMeansFromCos evaluates a mean at |cos| = 1, and every rounding step there is monotone,
    // so it bounds every evaluated mean; e^-x is accurate to 1 ulp (relative 2^-52), and the 1e-12 shrink covers the
    // rounding of both exponentials.
    private static double NoneBelowOf(double maxMean) => Math.Exp(-maxMean) * (1 - 1e-12);

    public int PairIndex(int stateA, int stateB) => stateA * StatesB.Count + stateB;

    /// <summary>Mean detected photons per mode for phases (Phi, delta): detector 0 early/late, detector 1 early/late.</summary>
    public void ModeMeans(int pair, double phi, double delta, out double m0e, out double m0l, out double m1e, out double m1l) =>
        ModeMeansFromCos(pair, Math.Cos(phi), Math.Cos(phi + _phaseL[pair] + delta), out m0e, out m0l, out m1e, out m1l);

    /// <summary>The same from cos(psi_e) = cos(Phi) and cos(psi_l) = cos(Phi + <see cref="LatePhase"/> + delta).</summary>
    public void ModeMeansFromCos(int pair, double cosEarly, double cosLate, out double m0e, out double m0l, out double m1e, out double m1l)
    {
        double ie = _ampE[pair] * cosEarly;
        double il = _ampL[pair] * cosLate;
        m0e = Efficiency0 * (_sumE[pair] + ie);
        m1e = Efficiency1 * (_sumE[pair] - ie);
        m0l = Efficiency0 * (_sumL[pair] + il);
        m1l = Efficiency1 * (_sumL[pair] - il);
    }

    /// <summary>
    /// A lower bound, over every phase, on e^-mean of mode <paramref name="mode"/> (0: detector 0 early, 1: detector 0
    /// late, 2: detector 1 early, 3: detector 1 late) as <see cref="ModeMeans"/> evaluates the mean: a Poisson inversion
    /// uniform below it is a count of 0 whatever the phases (<see cref="ModuleSlotEvents.SampleUnconditioned"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public double NoneBelow(int pair, int mode) => _noneBelow[pair * 4 + mode];

    /// <summary>Late-bin interference amplitude kappa sqrt(A_l B_l) of a pair (0 if either user's late bin is empty).</summary>
    public double LateAmplitude(int pair) => _ampL[pair];

    /// <summary>Late-bin encoding phase difference theta_B - theta_A of a pair, rad.</summary>
    public double LatePhase(int pair) => _phaseL[pair];

    /// <summary>Arrival-time centroid shift of the early and late photons of a pair (B delayed by tau), ps.</summary>
    public double ShiftEarlyPs(int pair) => _shiftE[pair];
    public double ShiftLatePs(int pair) => _shiftL[pair];

    /// <summary>
    /// Upper bound over all phases of P(both detectors see at least one event in the slot): for identical detectors
    /// (1 - e^{-(eps sum_t (A_t + B_t)/2 + dark)})^2, otherwise (1 - e^{-M0max})(1 - e^{-M1max}) with
    /// M_k,max = eps_k (sum_t (A_t + B_t)/2 + kappa sqrt(A_t B_t)) + dark_k.
    /// Used as the proposal probability of the exact thinning in <see cref="FastMdiEngine"/>.
    /// </summary>
    public double CandidateUpperBound(int pair)
    {
        double sum = _sumE[pair] + _sumL[pair];
        if (Efficiency0 == Efficiency1 && DarkPerSlot0 == DarkPerSlot1)
        {
            // Identical detectors: M0 + M1 = 2 (eps sum + dark) for every phase (the interference terms cancel), and
            // ln(1 - e^{-M}) is concave, so the product is largest at M0 = M1 (no interference): a bound up to 4x tighter.
            double half = Efficiency0 * sum + DarkPerSlot0;
            double p = -Samplers.ExpM1(-half);
            return p * p;
        }
        double peak = sum + _ampE[pair] + _ampL[pair];
        double m0 = Efficiency0 * peak + DarkPerSlot0, m1 = Efficiency1 * peak + DarkPerSlot1;
        return -Samplers.ExpM1(-m0) * -Samplers.ExpM1(-m1);
    }

    /// <summary>Total detected photons plus darks of detector 0 and 1 for phases (Phi, delta).</summary>
    public void DetectorMeans(int pair, double phi, double delta, out double total0, out double total1)
    {
        ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
        total0 = m0e + m0l + DarkPerSlot0;
        total1 = m1e + m1l + DarkPerSlot1;
    }
}
