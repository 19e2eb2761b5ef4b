namespace QkdNetSim.Analysis;

/// <summary>
/// Finite-key and asymptotic secret key of decoy-state BB84 with both bases used for key (symmetric protocol).
/// Pure function of <see cref="DecoyBb84Input"/>.
/// </summary>
/// <remarks>
/// Frame: Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), Eqs. (1)-(5), with their Hoeffding deviation
/// delta(n_X, eps1) replaced by one Chernoff bound per count: n^{+-}_k = (e^{mu_k}/p_k) * ChernoffBound(n_k), likewise m^{+-}_k.
/// <para>Symmetric protocol: the key block of basis b is Lim's X-basis block with the other basis b' playing Lim's Z
/// (test) basis: s_{b,0}, s_{b,1} from basis b counts, v_{b',1}, s_{b',1} from basis b' counts. Each block is computed with
/// eps_sec/2 and eps_cor/2; the union bound over the two blocks' failure events and the additivity of the trace
/// distance make the concatenated key eps_sec-secret and eps_cor-correct (with the defaults, 1e-10 each).</para>
/// <para>Failure budget per block (Lim Eq. (B4), eps_sec' = 21 eps): Lim's 10 eps1 + 2 eps2 are the 12 one-sided count
/// bounds one block uses (s_{b,0}: n^-_3, n^+_2; s_{b,1}: n^-_2, n^+_3, n^+_1; the same 5 for basis b'; v_{b',1}: m^+_2,
/// m^-_3), plus two for the signal-state bound on single-photon errors (m^+_1 and the Hoeffding lower bound on vacuum
/// errors, <see cref="DecoyCountBounds.SingleErrorsUpperFromSignal"/>), so each bound gets eps_sec/(2*23).
/// The signal-state bound (<see cref="DecoyBb84Input.SignalStateErrorBound"/>, default on) thus takes 2/23 of eps_sec;
/// with it off, the budget is Lim's own 21 terms, each eps_sec/(2*21), and v_1 is Lim's decoy bound alone. With <see cref="ChernoffForm.YanEq2"/> (b = ln(2/eps))
/// each side nominally fails with eps/2, i.e. half its slot; see <see cref="ChernoffBound"/> for the certification caveat on
/// the lower side. The remaining 9 slots are Lim's smoothing/hashing terms, kept as 6 log2(21/eps_sec') and gamma's 21^2/eps_sec'^2.</para>
/// <para>Error-correction leak: measured-QBER model lambda_EC = f_EC n_b h(E_b) with n_b, E_b over all intensities of basis b
/// (Lim Sec. IV uses the same model; the alternative is a per-intensity sum f_EC sum_k n_{b,k} h(E_{b,k})). In a real
/// post-processing run lambda_EC must be the number of bits actually disclosed.</para>
/// <para>Disclosed bits (<see cref="DecoyBb84Input.DisclosedBits"/>, e.g. a control loop's QBER sample): the estimates use the
/// whole sample, as the bits were measured like any other; the disclosed bits then leave the key block. Which photon-number
/// class each came from is unknown, so the block keeps the worst case: each disclosed bit is first taken from the vacuum
/// events (worth a whole key bit), then from the single-photon events, s0' = max(0, s0 - d), s1' = max(0, s1 - (d - s0)+);
/// the phase-error bound is taken for the kept s1', and error correction leaks f_EC (n - d) h(E') over the kept bits,
/// E' = (m - m_d) / (n - d). With d = 0 this is the analysis without disclosure, number for number.</para>
/// <para>Asymptotic counterpart: the same formulas with exact counts (no deviation), gamma = 0 and no eps terms, i.e. GLLP
/// with the two-decoy bounds of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005) in count form.</para>
/// </remarks>
public static class DecoyBb84Analysis
{
    /// <summary>Number of equal failure terms in Lim's secrecy budget, Eq. (B4).</summary>
    public const int LimSecurityTerms = 21;

    /// <summary>
    /// Our budget per block: Lim's 21 terms plus the two bounds of the signal-state single-photon error estimate
    /// (m^+ of the signal errors and the vacuum-error lower bound), each eps_sec/(2*23).
    /// </summary>
    public const int SecurityTerms = LimSecurityTerms + 2;

    /// <summary>Failure terms per block: 23 with the signal-state error bound, Lim's 21 without it.</summary>
    public static int SecurityTermsFor(DecoyBb84Input input) => input.SignalStateErrorBound ? SecurityTerms : LimSecurityTerms;

    /// <summary>The key block's vacuum and single-photon bounds after d disclosed bits left it, worst case (class remarks).</summary>
    private static (double S0, double S1) Kept(double s0, double s1, long d)
    {
        if (d == 0) return (s0, s1);
        double fromVacuum = Math.Min(Math.Max(0, s0), d);
        return (Math.Max(0, s0 - d), Math.Max(0, s1 - (d - fromVacuum)));
    }

    public static DecoyBb84Result Analyze(DecoyBb84Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();

        double epsSecBlock = input.EpsSec / 2.0;
        double epsCorBlock = input.EpsCor / 2.0;
        int terms = SecurityTermsFor(input);
        double epsPerBound = epsSecBlock / terms;
        var form = input.Chernoff;

        var finiteEst = new SinglePhotonCounts[2];
        var asymEst = new SinglePhotonCounts[2];
        for (int b = 0; b < 2; b++)
        {
            finiteEst[b] = Estimate(input, b,
                x => ChernoffBound.Lower(x, epsPerBound, form),
                x => ChernoffBound.Upper(x, epsPerBound, form), epsPerBound);
            asymEst[b] = Estimate(input, b, x => x, x => x, 0.0);
        }

        double overhead = 6.0 * Math.Log2(terms / epsSecBlock) + Math.Log2(2.0 / epsCorBlock); // Lim Eq. (1), 23 (or 21) terms
        var finite = new BasisKeyBlock[2];
        var asym = new BasisKeyBlock[2];
        double finiteTotal = 0, asymTotal = 0;
        for (int b = 0; b < 2; b++)
        {
            int o = 1 - b;
            long nB = Sum(input.SiftedCounts[b]);
            long mB = Sum(input.ErrorCounts[b]);
            double qber = nB > 0 ? (double)mB / nB : 0.0;
            long d = input.DisclosedBits?[b] ?? 0, dErrors = input.DisclosedErrors?[b] ?? 0;
            long nKept = nB - d;
            double qberKept = nKept > 0 ? (double)(mB - dErrors) / nKept : 0.0;
            double leak = input.ErrorCorrectionEfficiency * nKept * BinaryEntropy.Bits(qberKept);

            var (s0F, s1F) = Kept(finiteEst[b].S0, finiteEst[b].S1, d);
            double phiF = PhaseErrorBound.Upper(epsSecBlock, finiteEst[o].V1, finiteEst[o].S1, s1F, terms); // Lim Eq. (5)
            double lenF = Math.Floor(s0F + s1F * (1.0 - BinaryEntropy.Bits(phiF)) - leak - overhead); // Lim Eq. (1)
            finite[b] = new BasisKeyBlock(b, nB, mB, qber, s0F, s1F, finiteEst[o].V1, finiteEst[o].S1,
                phiF, leak, overhead, lenF);

            var (s0A, s1A) = Kept(asymEst[b].S0, asymEst[b].S1, d);
            double phiA = asymEst[o].S1 > 0 ? Math.Min(0.5, asymEst[o].V1 / asymEst[o].S1) : 0.5; // GLLP, e1 of the other basis
            double lenA = s0A + s1A * (1.0 - BinaryEntropy.Bits(phiA)) - leak; // GLLP / Lim Eq. (1) without eps terms
            asym[b] = new BasisKeyBlock(b, nB, mB, qber, s0A, s1A, asymEst[o].V1, asymEst[o].S1,
                phiA, leak, 0.0, lenA);

            finiteTotal += Math.Max(0.0, lenF);
            asymTotal += Math.Max(0.0, lenA);
        }

        var qberBk = new double[2][];
        for (int b = 0; b < 2; b++)
        {
            qberBk[b] = new double[3];
            for (int k = 0; k < 3; k++)
                qberBk[b][k] = input.SiftedCounts[b][k] > 0 ? (double)input.ErrorCounts[b][k] / input.SiftedCounts[b][k] : 0.0;
        }

        double[][]? gains = null;
        double[]? y0 = null, y1 = null;
        if (input.EmittedPulses is { } pulses)
        {
            gains = new double[2][];
            y0 = new double[2];
            y1 = new double[2];
            var mu = input.MeanPhotons;
            for (int b = 0; b < 2; b++)
            {
                gains[b] = new double[3];
                for (int k = 0; k < 3; k++)
                    gains[b][k] = input.SiftedCounts[b][k] / (pulses[k] * input.BasisMatchProbability(b));
                y0[b] = MqzlTwoDecoy.Y0Lower(mu[1], mu[2], gains[b][1], gains[b][2]);
                y1[b] = MqzlTwoDecoy.Y1Lower(mu[0], mu[1], mu[2], gains[b][0], gains[b][1], gains[b][2], y0[b]);
            }
        }

        return new DecoyBb84Result(
            finite, asym,
            finiteTotal, finiteTotal / input.SessionTimeS,
            asymTotal, asymTotal / input.SessionTimeS,
            qberBk,
            [ErrorRate(finiteEst[0]), ErrorRate(finiteEst[1])],
            [ErrorRate(asymEst[0]), ErrorRate(asymEst[1])],
            gains, y0, y1,
            epsPerBound);
    }

    /// <summary>Lim Eqs. (2)-(4) for basis b, with the given bound functions applied to the raw counts before rescaling by e^{mu_k}/p_k.</summary>
    private static SinglePhotonCounts Estimate(DecoyBb84Input input, int b, Func<double, double> lower, Func<double, double> upper, double epsVacuumErrors)
    {
        var mu = input.MeanPhotons;
        var p = input.IntensityProbabilities;
        double tau0 = PhotonNumberPrior.Tau(0, mu, p);
        double tau1 = PhotonNumberPrior.Tau(1, mu, p);
        var n = input.SiftedCounts[b];
        var m = input.ErrorCounts[b];
        double Scale(int k) => Math.Exp(mu[k]) / p[k]; // Lim Eq. (2): n^{+-}_k = e^{k}/p_k [...]

        double nPlus1 = Scale(0) * upper(n[0]);
        double nMinus2 = Scale(1) * lower(n[1]);
        double nPlus2 = Scale(1) * upper(n[1]);
        double nMinus3 = Scale(2) * lower(n[2]);
        double nPlus3 = Scale(2) * upper(n[2]);
        double mPlus2 = Scale(1) * upper(m[1]);
        double mMinus3 = Scale(2) * lower(m[2]);

        double s0 = DecoyCountBounds.VacuumLower(mu, tau0, nMinus3, nPlus2);
        double s1 = DecoyCountBounds.SingleLower(mu, tau0, tau1, s0, nPlus1, nMinus2, nPlus3);
        double mPlus1 = Scale(0) * upper(m[0]);
        double v1Decoy = DecoyCountBounds.SingleErrorsUpper(mu, tau1, mPlus2, mMinus3);
        if (!input.SignalStateErrorBound) return new SinglePhotonCounts(s0, s1, v1Decoy); // Lim Eq. (4) alone
        double v0Lower = DecoyCountBounds.VacuumErrorsLower(s0, epsVacuumErrors);
        double v1Signal = DecoyCountBounds.SingleErrorsUpperFromSignal(mu, tau0, tau1, mPlus1, v0Lower);
        return new SinglePhotonCounts(s0, s1, Math.Min(v1Decoy, v1Signal)); // both bounds hold (union bound): take the tighter
    }

    private static double ErrorRate(SinglePhotonCounts c) => c.S1 > 0 ? c.V1 / c.S1 : 0.5;

    private static long Sum(long[] xs)
    {
        long s = 0;
        foreach (long x in xs) s += x;
        return s;
    }

    private readonly record struct SinglePhotonCounts(double S0, double S1, double V1);
}
