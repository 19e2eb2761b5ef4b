namespace QkdNetSim.Analysis.Mdi;

/// <summary>
/// Finite-key analysis of symmetric four-intensity decoy-state MDI-QKD (signal z in Z basis only; decoys y &gt; x and
/// vacuum o in X basis), in the form used by Yan et al. (seed 002, Supplementary "Key rate analysis", Eqs. (1)-(4)).
/// Pure function of <see cref="MdiDecoyInput"/> and <see cref="MdiDecoyOptions"/>.
/// </summary>
/// <remarks>
/// Notation: a_k = e^{-x} x^k / k!, a'_k = e^{-y} y^k / k! (Poisson photon-number distributions of x and y); both users
/// use the same intensities, so Bob's b_k = a_k, b'_k = a'_k. &lt;S_lr&gt; is the expected yield (successful |Psi^->
/// projections per pulse pair) of combination lr, M_lr = N_lr &lt;S_lr&gt; its expected count; a bar / underline is the
/// Chernoff upper / lower bound of seed 002 Eqs. (1)-(2) (<see cref="ChernoffBound"/>, each with failure eps, b = ln(2/eps)).
/// <para>Bounds (Zhou, Yu, Wang, PRA 93, 042324 (2016), "ZYW16"; equations re-derived here in the symmetric case, since
/// the paper text was not available to check numbering):</para>
/// <para>(i) vacuum parts: &lt;S_xx&gt; - H = sum_{j,k&gt;=1} a_j a_k s_jk with H = a0 &lt;S_ox&gt; + b0 &lt;S_xo&gt; - a0 b0 &lt;S_oo&gt;
/// (seed 002 Eq. (3)); likewise &lt;S_yy&gt; - H_y with H_y = a'_0 (&lt;S_oy&gt; + &lt;S_yo&gt;) - a'_0^2 &lt;S_oo&gt;.</para>
/// <para>(ii) s11 &gt;= [a'_1 a'_2 (&lt;S_xx&gt; - H) - a_1 a_2 (&lt;S_yy&gt; - H_y)] / [a_1 a'_1 (a_1 a'_2 - a'_1 a_2)]:
/// in the numerator the coefficient of s_jk is proportional to y^3 x^n - x^3 y^n (n = j + k), positive for n = 2, zero for
/// n = 3, negative for n &gt;= 4, so dropping n &gt;= 3 gives a lower bound (requires y &gt; x).</para>
/// <para>(iii) joint constraint (ZYW16's "joint constraints of statistical fluctuations"): the two positive terms
/// W_xx M_xx + W_yo M_yo, W_xx = a'_1 a'_2 / N_xx, W_yo = a_1 a_2 a'_0 / N_oy, are bounded together,
/// &gt;= m underline(M_xx + M_yo) + (W_xx - m) underline(M_xx) + (W_yo - m) underline(M_yo), m = min(W_xx, W_yo); this is
/// tighter than bounding each count alone because the relative fluctuation of the summed count is smaller. With seed 002's
/// settings W_xx and W_yo differ by ~10 %, and this step is what brings s11^L to the Table I values.</para>
/// <para>(iv) phase errors: T_xx = &lt;S_xx E_xx&gt; &gt;= a_1^2 s11 e11 + H/2, because every pulse pair with a vacuum side has error
/// rate 1/2; hence e11^ph &lt;= (bar(T_xx) - H/2) / (a_1^2 s11^L) (ZYW16; the X-basis single-photon yield equals the
/// Z-basis one, so s11^L serves both).</para>
/// <para>(v) key rate, seed 002 Eq. (4): R = p_z^2 { z^2 e^{-2z} s11^L(H) [1 - h(e11^ph,U(H))] - f S_zz h(E_zz) },
/// minimised over the allowed H (and, rigorously, over &lt;S_oo&gt;): H + a0 b0 &lt;S_oo&gt; = a0 (&lt;S_ox&gt; + &lt;S_xo&gt;) lies in
/// a0 [underline, bar](N_xo S_xo + N_ox S_ox) / N_ox, H &gt;= 0, and &lt;S_oo&gt; in [underline, bar](N_oo S_oo) / N_oo. Given H,
/// &lt;S_oo&gt; enters s11^L only through H_y, with a negative coefficient. The upper bound of a zero oo count is 0 in the
/// paper treatment and ChernoffBound.Upper(0) in the rigorous one (<see cref="ZeroCountTreatment"/>).</para>
/// <para>Failure budget: as in seed 002, every bound gets eps (b = ln(2/eps)); no union-bound split is applied.</para>
/// </remarks>
public static class MdiDecoyAnalysis
{
    public static MdiDecoyResult Analyze(MdiDecoyInput input, MdiDecoyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        options ??= MdiDecoyOptions.Default;
        if (options.HGridPoints < 2) throw new ArgumentOutOfRangeException(nameof(options), "HGridPoints must be >= 2");
        if (options.SooGridPoints < 2) throw new ArgumentOutOfRangeException(nameof(options), "SooGridPoints must be >= 2");

        var n = input.ResolvePulseCounts();
        double qberZ = (double)input.ErrorsZz / input.CountZz;
        double qberX = input.CountXx > 0 ? (double)input.ErrorsXx / input.CountXx : 0.0;
        double gainZz = input.CountZz / n.Zz;

        var paper = Estimate(input, n, options, ZeroCountTreatment.Paper);
        var rigorous = Estimate(input, n, options, ZeroCountTreatment.Rigorous);
        return new MdiDecoyResult(qberZ, qberX, gainZz, n, paper, rigorous);
    }

    private static MdiKeyEstimate Estimate(MdiDecoyInput inp, MdiPulseCounts n, MdiDecoyOptions opt, ZeroCountTreatment treatment)
    {
        double eps = inp.Eps;
        var form = opt.Chernoff;
        double Lo(double c) => ChernoffBound.Lower(c, eps, form); // seed 002 Eq. (1), lower
        double Up(double c) => ChernoffBound.Upper(c, eps, form); // seed 002 Eq. (1), upper

        double x = inp.DecoyX, y = inp.DecoyY, z = inp.SignalZ;
        double a0 = Math.Exp(-x), a1 = x * a0, a2 = x * x * a0 / 2.0;         // a_k = e^{-x} x^k / k!
        double ap0 = Math.Exp(-y), ap1 = y * ap0, ap2 = y * y * ap0 / 2.0;    // a'_k = e^{-y} y^k / k!

        double denom = a1 * ap1 * (a1 * ap2 - ap1 * a2);                      // ZYW16 s11 bound denominator, (ii)
        double wXx = ap1 * ap2 / n.Xx;                                        // weight of M_xx in the numerator, (iii)
        double wYo = a1 * a2 * ap0 / n.Oy;                                    // weight of M_yo + M_oy, (iii)
        double positive = JointLower(wXx, inp.CountXx, wYo, inp.CountYoPlusOy, Lo); // (iii)
        double negativeYy = a1 * a2 * Up(inp.CountYy) / n.Yy;                 // a_1 a_2 bar<S_yy>, (ii)
        double tXxUpper = Up(inp.ErrorsXx) / n.Xx;                            // bar<T_xx>, (iv)

        double sxoLower = a0 * Lo(inp.CountXoPlusOx) / n.Ox;                  // a0 underline(<S_ox> + <S_xo>), Eq. (3) with a0 = b0
        double sxoUpper = a0 * Up(inp.CountXoPlusOx) / n.Ox;
        double sooLower = Lo(inp.CountOo) / n.Oo;
        double sooUpper = inp.CountOo == 0 && treatment == ZeroCountTreatment.Paper
            ? 0.0                                                             // seed 002: 0 / (1 - delta) = 0
            : Up(inp.CountOo) / n.Oo;                                         // certified upper bound, also of a zero count

        double pz2 = inp.Pz * inp.Pz;
        double ecTerm = pz2 * inp.ErrorCorrectionEfficiency * (inp.CountZz / n.Zz) * BinaryEntropy.Bits((double)inp.ErrorsZz / inp.CountZz); // Eq. (4), leak
        double signalP11 = z * z * Math.Exp(-2.0 * z);                          // Eq. (4), probability both z pulses are single photons

        double bestR = double.PositiveInfinity, bestS11 = 0, bestE11 = 0, bestH = 0, bestSoo = 0, bestSingle = 0;
        double hMin = double.PositiveInfinity, hMax = double.NegativeInfinity;
        int sooPoints = sooUpper > sooLower ? opt.SooGridPoints : 1;
        for (int i = 0; i < sooPoints; i++)
        {
            double soo = sooPoints == 1 ? sooUpper : sooLower + (sooUpper - sooLower) * i / (sooPoints - 1);
            double hLo = Math.Max(0.0, sxoLower - a0 * a0 * soo);              // H = a0(<S_ox>+<S_xo>) - a0^2 <S_oo> >= 0
            double hHi = Math.Max(hLo, sxoUpper - a0 * a0 * soo);
            hMin = Math.Min(hMin, hLo);
            hMax = Math.Max(hMax, hHi);
            for (int k = 0; k < opt.HGridPoints; k++)
            {
                double h = hLo + (hHi - hLo) * k / (opt.HGridPoints - 1);
                double numer = positive - ap1 * ap2 * h - negativeYy - a1 * a2 * ap0 * ap0 * soo; // (ii) with (i), (iii)
                double s11 = numer / denom;
                double e11, single;
                if (s11 > 0)
                {
                    e11 = Math.Max(0.0, (tXxUpper - h / 2.0) / (a1 * a1 * s11));  // (iv)
                    single = pz2 * signalP11 * s11 * (1.0 - BinaryEntropy.Bits(e11)); // Eq. (4), first term
                }
                else
                {
                    s11 = 0.0;
                    e11 = 0.5;
                    single = 0.0;
                }
                double r = single - ecTerm;                                     // Eq. (4)
                if (r < bestR)
                {
                    bestR = r; bestS11 = s11; bestE11 = e11; bestH = h; bestSoo = soo; bestSingle = single;
                }
            }
        }
        return new MdiKeyEstimate(treatment, bestS11, bestE11, bestH, hMin, hMax, sooLower, sooUpper, bestSoo, bestR, bestSingle, ecTerm);
    }

    /// <summary>
    /// Joint lower bound of w1 E[X1] + w2 E[X2] (w1, w2 &gt;= 0) from observed c1, c2:
    /// m lower(c1 + c2) + (w1 - m) lower(c1) + (w2 - m) lower(c2), m = min(w1, w2) (ZYW16 joint constraint, (iii)).
    /// </summary>
    public static double JointLower(double w1, double c1, double w2, double c2, Func<double, double> lower)
    {
        double m = Math.Min(w1, w2);
        return m * lower(c1 + c2) + (w1 - m) * lower(c1) + (w2 - m) * lower(c2);
    }
}
