namespace QkdNetSim.Analysis.Mdi;

/// <summary>
/// Pulse pairs sent per intensity combination (Alice intensity l, Bob intensity r). With the symmetric settings of the
/// four-intensity protocol N_lr = N_rl, so one number serves both orders of a mixed pair.
/// </summary>
/// <param name="Zz">N_zz.</param>
/// <param name="Yy">N_yy.</param>
/// <param name="Xx">N_xx.</param>
/// <param name="Oy">N_oy = N_yo (pulse pairs of each order, not of both).</param>
/// <param name="Ox">N_ox = N_xo (pulse pairs of each order, not of both).</param>
/// <param name="Oo">N_oo.</param>
public sealed record MdiPulseCounts(double Zz, double Yy, double Xx, double Oy, double Ox, double Oo)
{
    /// <summary>N_lr = N_total p_l p_r (seed 002 Supplementary, "Key rate analysis": N_lr pulses from source lr).</summary>
    public static MdiPulseCounts FromTotal(double total, double pz, double py, double px, double po)
        => new(total * pz * pz, total * py * py, total * px * px, total * po * py, total * po * px, total * po * po);
}

/// <summary>
/// Observations of one user pair of a symmetric four-intensity decoy-state MDI-QKD run (Zhou, Yu, Wang, PRA 93, 042324
/// (2016); used by Yan et al., seed 002). Both users use the same intensities z (signal, Z basis) and y, x, o (X-basis
/// decoys, o = vacuum) and the same choice probabilities. Counts are successful Bell-state (|Psi^->) projections
/// N_lr S_lr and their errors N_lr S_lr E_lr, exactly the rows of seed 002 Table I.
/// </summary>
/// <remarks>
/// Mixed vacuum combinations are given as sums over both orders (N_yo S_yo + N_oy S_oy and N_xo S_xo + N_ox S_ox), as
/// Table I prints them. Because N_yo = N_oy (and N_xo = N_ox), the sum divided by N_oy is exactly
/// &lt;S_yo&gt; + &lt;S_oy&gt;, the combination the bounds need, so the orders never have to be separated.
/// </remarks>
public sealed class MdiDecoyInput
{
    /// <summary>Signal intensity z (Z basis, key).</summary>
    public required double SignalZ { get; init; }
    /// <summary>Stronger X-basis decoy y.</summary>
    public required double DecoyY { get; init; }
    /// <summary>Weaker X-basis decoy x.</summary>
    public required double DecoyX { get; init; }
    /// <summary>Vacuum intensity o; the analysis requires o = 0.</summary>
    public double VacuumO { get; init; }

    /// <summary>Choice probability of z.</summary>
    public required double Pz { get; init; }
    /// <summary>Choice probability of y.</summary>
    public required double Py { get; init; }
    /// <summary>Choice probability of x.</summary>
    public required double Px { get; init; }
    /// <summary>Choice probability of o.</summary>
    public required double Po { get; init; }

    /// <summary>Pulse pairs sent by the user pair (N_total); used when <see cref="PulseCounts"/> is null.</summary>
    public double? PulsePairsTotal { get; init; }
    /// <summary>Explicit pulse pairs per combination; overrides <see cref="PulsePairsTotal"/>.</summary>
    public MdiPulseCounts? PulseCounts { get; init; }

    /// <summary>N_zz S_zz: successful projections with both users sending z.</summary>
    public required long CountZz { get; init; }
    /// <summary>N_zz S_zz E_zz: of those, bit errors.</summary>
    public required long ErrorsZz { get; init; }
    /// <summary>N_yy S_yy.</summary>
    public required long CountYy { get; init; }
    /// <summary>N_xx S_xx.</summary>
    public required long CountXx { get; init; }
    /// <summary>N_xx S_xx E_xx: X-basis errors of the x-x combination.</summary>
    public required long ErrorsXx { get; init; }
    /// <summary>N_yo S_yo + N_oy S_oy.</summary>
    public required long CountYoPlusOy { get; init; }
    /// <summary>N_xo S_xo + N_ox S_ox.</summary>
    public required long CountXoPlusOx { get; init; }
    /// <summary>N_oo S_oo (zero in every column of seed 002 Table I).</summary>
    public required long CountOo { get; init; }

    /// <summary>Failure probability eps of each Chernoff bound (seed 002: 1e-10, b = -ln(eps/2)).</summary>
    public double Eps { get; init; } = 1e-10;
    /// <summary>Error-correction efficiency f (seed 002: 1.16).</summary>
    public double ErrorCorrectionEfficiency { get; init; } = 1.16;

    /// <summary>Pulse pairs per combination: <see cref="PulseCounts"/> if given, else N_total p_l p_r.</summary>
    public MdiPulseCounts ResolvePulseCounts()
        => PulseCounts ?? MdiPulseCounts.FromTotal(PulsePairsTotal ?? double.NaN, Pz, Py, Px, Po);

    /// <summary>Throws <see cref="AnalysisInputException"/> naming the first field that breaks its rule.</summary>
    public void Validate()
    {
        if (!(double.IsFinite(DecoyX) && DecoyX > 0)) Fail("decoyX", "must be finite and > 0");
        if (!(double.IsFinite(DecoyY) && DecoyY > DecoyX)) Fail("decoyY", "must be finite and > decoyX (s11 bound needs y > x)");
        if (!(double.IsFinite(SignalZ) && SignalZ > 0)) Fail("signalZ", "must be finite and > 0");
        if (VacuumO != 0.0) Fail("vacuumO", "must be 0 (the bounds treat o as exact vacuum)");

        double[] p = [Pz, Py, Px, Po];
        string[] pn = ["pz", "py", "px", "po"];
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            if (!(p[i] > 0 && p[i] <= 1)) Fail(pn[i], "must be in (0, 1]");
            sum += p[i];
        }
        if (Math.Abs(sum - 1.0) > 1e-9) Fail("pz+py+px+po", $"must sum to 1 within 1e-9 (sum = {sum:R})");

        if (PulseCounts is null)
        {
            if (PulsePairsTotal is null) Fail("pulsePairsTotal", "required when pulseCounts is not given");
            if (!(double.IsFinite(PulsePairsTotal.Value) && PulsePairsTotal.Value > 0)) Fail("pulsePairsTotal", "must be finite and > 0");
        }
        var n = ResolvePulseCounts();
        CheckPulses(n.Zz, "pulseCounts.zz");
        CheckPulses(n.Yy, "pulseCounts.yy");
        CheckPulses(n.Xx, "pulseCounts.xx");
        CheckPulses(n.Oy, "pulseCounts.oy");
        CheckPulses(n.Ox, "pulseCounts.ox");
        CheckPulses(n.Oo, "pulseCounts.oo");

        CheckCount(CountZz, n.Zz, "countZz");
        CheckCount(CountYy, n.Yy, "countYy");
        CheckCount(CountXx, n.Xx, "countXx");
        CheckCount(CountYoPlusOy, 2 * n.Oy, "countYoPlusOy");
        CheckCount(CountXoPlusOx, 2 * n.Ox, "countXoPlusOx");
        CheckCount(CountOo, n.Oo, "countOo");
        if (ErrorsZz < 0 || ErrorsZz > CountZz) Fail("errorsZz", "must be in [0, countZz]");
        if (ErrorsXx < 0 || ErrorsXx > CountXx) Fail("errorsXx", "must be in [0, countXx]");
        if (CountZz == 0) Fail("countZz", "must be > 0 (no sifted key)");

        if (!(Eps > 0 && Eps < 1)) Fail("eps", "must be in (0, 1)");
        if (!(double.IsFinite(ErrorCorrectionEfficiency) && ErrorCorrectionEfficiency >= 1.0))
            Fail("errorCorrectionEfficiency", "must be finite and >= 1");
    }

    private void CheckPulses(double v, string field)
    {
        if (!(double.IsFinite(v) && v > 0)) Fail(field, "must be finite and > 0");
    }

    private void CheckCount(long c, double pulses, string field)
    {
        if (c < 0) Fail(field, "must be >= 0");
        if (c > pulses) Fail(field, $"must not exceed the pulse pairs sent ({pulses:G6})");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string field, string rule) => throw new AnalysisInputException(field, rule);
}
