using System.Globalization;
using System.Text;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Mdi;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// Seed 002 Supplementary "Relative delay scanning", Figs. 9 and 10: the relative delay tau of one module's two inputs is
/// scanned from -1200 to +1200 ps (soliton comb, 15 dB per user).
/// <list type="bullet">
/// <item>Fig. 9: HOM visibility V_HOM(tau) (definition of <see cref="Fig3VisibilityExperiment"/>: Z states at mu = 0.64,
/// 1 - C / C_dist over same-bin two-folds) for all six pairs from the model (the pairs differ only in polarizationOverlap),
/// and simulated points for AB.</item>
/// <item>Fig. 10: QBER_X and QBER_Z of AB versus tau with the paper's settings (mu = 0.64 in both bases, the four states
/// equally likely), model curve and simulated points; plus all six pairs at zero delay against the paper's values.</item>
/// </list>
/// </summary>
public static class Fig9Fig10DelayExperiment
{
    /// <summary>Scan range of Supplementary Figs. 9, 10, ps.</summary>
    public const double MaxDelayPs = 1200;

    /// <summary>Delays of the simulated points, ps.</summary>
    public static readonly double[] ScanDelaysPs = [-1200, -900, -600, -300, 0, 300, 600, 900, 1200];

    /// <summary>Model grid step, ps (quick 50, full 20).</summary>
    public static double GridStepPs(bool full) => full ? 20 : 50;

    /// <summary>Simulated seconds per HOM run (interfering and distinguishable).</summary>
    public static double HomRunSeconds(bool full) => full ? 30 : 3;

    /// <summary>Simulated seconds per four-state (QBER) run; the paper recorded 20 s per delay point.</summary>
    public static double QberRunSeconds(bool full) => full ? 100 : 10;

    /// <summary>Tables of the delay scan.</summary>
    /// <param name="HomModel">fig9_model: V_HOM(tau) of every pair (model).</param>
    /// <param name="QberModel">fig10_model: QBER_X(tau), QBER_Z(tau) of AB (model).</param>
    /// <param name="Scan">fig9_fig10_scan: simulated points of AB beside the model at the same delays.</param>
    /// <param name="ZeroDelay">fig10_zero_delay: all six pairs at zero delay, paper vs model vs simulated.</param>
    /// <param name="QberZSources">fig10_qber_z_sources: model QBER_Z of AB without dark counts and with ideal extinction.</param>
    /// <param name="Timing">Timing of the network (pulse width, windows) for the report.</param>
    /// <param name="ExtinctionRatioDb">Assumed Z-basis extinction of every encoder, dB.</param>
    public sealed record Result(ResultTable HomModel, ResultTable QberModel, ResultTable Scan, ResultTable ZeroDelay, ResultTable QberZSources,
        MdiTiming Timing, double ExtinctionRatioDb, bool Full);

    /// <summary>Model curves, the simulated scan of AB and the six pairs at zero delay (quick or full scale per ctx.Full).</summary>
    public static Result Run(ExperimentContext ctx, Seed002InterferencePaper paper)
    {
        var comb = CombState.Soliton();
        double homS = HomRunSeconds(ctx.Full), qberS = QberRunSeconds(ctx.Full);
        var zTemplate = InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.ZOnly(), homS);
        var fourTemplate = InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.FourStates(), qberS);
        double[] grid = Grid(GridStepPs(ctx.Full));

        var homModel = HomModelCurves(ctx, zTemplate, grid);
        var qberModel = QberModelCurve(ctx, fourTemplate, InterferenceSimulation.OperatingPair, grid);
        var scan = SimulatedScan(ctx, comb, zTemplate, fourTemplate, homS, qberS);
        var zero = ZeroDelayTable(ctx, comb, zTemplate, fourTemplate, homS, qberS, paper);
        var sources = QberZSourceTable(fourTemplate, InterferenceSimulation.OperatingPair);
        return new Result(homModel, qberModel, scan, zero, sources, zTemplate.Timing, zTemplate.Users[0].Encoder.ExtinctionRatioDb, ctx.Full);
    }

    /// <summary>Delays from -<see cref="MaxDelayPs"/> to +<see cref="MaxDelayPs"/> in steps of <paramref name="stepPs"/>.</summary>
    public static double[] Grid(double stepPs)
    {
        int n = (int)Math.Round(2 * MaxDelayPs / stepPs);
        return Enumerable.Range(0, n + 1).Select(i => -MaxDelayPs + i * stepPs).ToArray();
    }

    /// <summary>Model V_HOM(tau) of one module (Supplementary Fig. 9, solid curves).</summary>
    public static double ModelHom(MdiNetworkConfig zOnly, BsmModule module, double delayPs) =>
        InterferenceModel.HomVisibility(zOnly, module with { RelativeDelayPs = delayPs });

    /// <summary>Model QBER of a basis (0 = Z, 1 = X) of one module at delay tau (Supplementary Fig. 10).</summary>
    public static double ModelQber(MdiNetworkConfig fourStates, BsmModule module, double delayPs, int basis) =>
        InterferenceModel.Qber(fourStates, module with { RelativeDelayPs = delayPs }, basis);

    private static ResultTable HomModelCurves(ExperimentContext ctx, MdiNetworkConfig zOnly, double[] grid)
    {
        var modules = zOnly.Modules;
        var v = new double[modules.Count * grid.Length];
        Parallel.For(0, v.Length, new ParallelOptions { CancellationToken = ctx.Cancel },
            k => v[k] = ModelHom(zOnly, modules[k / grid.Length], grid[k % grid.Length]));
        var t = new ResultTable("fig9_model", "pair", "delayPs", "polarizationOverlap", "modelHomVisibility");
        for (int k = 0; k < v.Length; k++)
        {
            var m = modules[k / grid.Length];
            t.Add(m.Name, grid[k % grid.Length], m.PolarizationOverlap, v[k]);
        }
        return t;
    }

    private static ResultTable QberModelCurve(ExperimentContext ctx, MdiNetworkConfig fourStates, string pair, double[] grid)
    {
        var m = fourStates.Modules[InterferenceSimulation.ModuleIndex(fourStates, pair)];
        var x = new double[grid.Length];
        var z = new double[grid.Length];
        Parallel.For(0, grid.Length, new ParallelOptions { CancellationToken = ctx.Cancel }, k =>
        {
            x[k] = ModelQber(fourStates, m, grid[k], 1);
            z[k] = ModelQber(fourStates, m, grid[k], 0);
        });
        var t = new ResultTable("fig10_model", "pair", "delayPs", "modelQberX", "modelQberZ");
        for (int k = 0; k < grid.Length; k++) t.Add(pair, grid[k], x[k], z[k]);
        return t;
    }

    /// <summary>
    /// Where the model's Z errors come from: QBER_Z of a module at zero and at the largest delay as configured, with the
    /// detectors' dark counts switched off, and with every encoder's extinction made ideal (200 dB).
    /// </summary>
    private static ResultTable QberZSourceTable(MdiNetworkConfig fourStates, string pair)
    {
        var m = fourStates.Modules[InterferenceSimulation.ModuleIndex(fourStates, pair)];
        var noDarks = m with { Detector0 = m.Detector0 with { DarkCountRateHz = 0 }, Detector1 = m.Detector1 with { DarkCountRateHz = 0 } };
        var ideal = fourStates with { Users = fourStates.Users.Select(u => u with { Encoder = u.Encoder with { ExtinctionRatioDb = 200 } }).ToList() };
        var t = new ResultTable("fig10_qber_z_sources", "pair", "delayPs", "modelQberZ", "modelQberZWithoutDarks", "modelQberZIdealExtinction");
        foreach (double d in new[] { 0, MaxDelayPs })
            t.Add(pair, d, ModelQber(fourStates, m, d, 0), ModelQber(fourStates, noDarks, d, 0), ModelQber(ideal, m, d, 0));
        return t;
    }

    private static ResultTable SimulatedScan(ExperimentContext ctx, CombState comb, MdiNetworkConfig zTemplate, MdiNetworkConfig fourTemplate,
        double homS, double qberS)
    {
        string pair = InterferenceSimulation.OperatingPair;
        var t = new ResultTable("fig9_fig10_scan", "pair", "delayPs", "modelHomVisibility", "simHomVisibility", "simHomSigma",
            "modelQberX", "simQberX", "simQberXSigma", "modelQberZ", "simQberZ", "simQberZSigma",
            "homCoincidences", "xxPsiMinus", "zzPsiMinus", "zzErrors", "homRunS", "qberRunS");
        foreach (double d in ScanDelaysPs)
        {
            string delay = InterferenceSimulation.ModuleOverride(zTemplate, pair, "relativeDelayPs", d);
            string distinguishable = InterferenceSimulation.ModuleOverride(zTemplate, pair, "polarizationOverlap", 0);
            var hom = InterferenceSimulation.OnlyModule(InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.ZOnly(), homS, delay), pair);
            var dist = InterferenceSimulation.OnlyModule(InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.ZOnly(), homS, delay, distinguishable), pair);
            var four = InterferenceSimulation.OnlyModule(InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.FourStates(), qberS, delay), pair);

            string label = $"fig9-10-{pair}-{d.ToString("0", CultureInfo.InvariantCulture)}ps";
            var sHom = InterferenceSimulation.RunHom(ctx, label + "-hom", hom);
            var sDist = InterferenceSimulation.RunHom(ctx, label + "-hom-distinguishable", dist);
            var sFour = InterferenceSimulation.Run(ctx, label + "-qber", four);
            var vHom = InterferenceEstimate.HomVisibility(sHom.SameStateSameBin(0), sDist.SameStateSameBin(0));
            var (qx, qz, zz) = Qbers(sFour, sFour.Pairs[0]);

            t.Add(pair, d, InterferenceModel.HomVisibility(hom, hom.Modules[0]), vHom.Value, vHom.Sigma,
                InterferenceModel.Qber(four, four.Modules[0], 1), qx.Value, qx.Sigma,
                InterferenceModel.Qber(four, four.Modules[0], 0), qz.Value, qz.Sigma,
                (double)sHom.SameStateSameBin(0), (double)qx.Events, (double)zz.Count, (double)zz.Errors, homS, qberS);
        }
        return t;
    }

    private static ResultTable ZeroDelayTable(ExperimentContext ctx, CombState comb, MdiNetworkConfig zTemplate, MdiNetworkConfig fourTemplate,
        double homS, double qberS, Seed002InterferencePaper paper)
    {
        var allDistinguishable = zTemplate.Modules.Select(m => InterferenceSimulation.ModuleOverride(zTemplate, m.Name, "polarizationOverlap", 0)).ToArray();
        var dist = InterferenceSimulation.Network(ctx, comb, InterferenceEncoders.ZOnly(), homS, allDistinguishable);
        var sHom = InterferenceSimulation.RunHom(ctx, "fig9-10-zero-delay-hom", zTemplate);
        var sDist = InterferenceSimulation.RunHom(ctx, "fig9-10-zero-delay-hom-distinguishable", dist);
        var sFour = InterferenceSimulation.Run(ctx, "fig9-10-zero-delay-qber", fourTemplate);

        var t = new ResultTable("fig10_zero_delay", "pair", "polarizationOverlap", "paperHomVisibility", "modelHomVisibility", "simHomVisibility",
            "simHomSigma", "paperQberX", "modelQberX", "simQberX", "simQberXSigma", "paperQberZ", "modelQberZ", "simQberZ", "simQberZSigma",
            "zzPsiMinus", "zzErrors", "homRunS", "qberRunS");
        for (int i = 0; i < zTemplate.Modules.Count; i++)
        {
            var m = zTemplate.Modules[i];
            var four = fourTemplate.Modules[InterferenceSimulation.ModuleIndex(fourTemplate, m.Name)];
            var vHom = InterferenceEstimate.HomVisibility(sHom.SameStateSameBin(i), sDist.SameStateSameBin(i));
            var (qx, qz, zz) = Qbers(sFour, InterferenceSimulation.Pair(sFour, m.Name));
            t.Add(m.Name, m.PolarizationOverlap,
                Seed002InterferencePaper.Of(paper.HomByPair, m.Name), InterferenceModel.HomVisibility(zTemplate, m), vHom.Value, vHom.Sigma,
                Seed002InterferencePaper.Of(paper.QberXByPair, m.Name), InterferenceModel.Qber(fourTemplate, four, 1), qx.Value, qx.Sigma,
                Seed002InterferencePaper.Of(paper.QberZByPair, m.Name), InterferenceModel.Qber(fourTemplate, four, 0), qz.Value, qz.Sigma,
                (double)zz.Count, (double)zz.Errors, homS, qberS);
        }
        return t;
    }

    /// <summary>QBER_X and QBER_Z of a four-state run, and the Z-Z counts.</summary>
    private static (InterferenceEstimate X, InterferenceEstimate Z, QkdNetSim.Runs.Mdi.MdiYield Zz) Qbers(
        QkdNetSim.Runs.Mdi.MdiRunSummary s, QkdNetSim.Runs.Mdi.MdiPairSummary p)
    {
        var zz = InterferenceSimulation.Yield(s, p, InterferenceEncoders.ZIndex, InterferenceEncoders.ZIndex);
        var xx = InterferenceSimulation.Yield(s, p, InterferenceEncoders.XIndex, InterferenceEncoders.XIndex);
        return (InterferenceEstimate.ErrorRate(xx.Errors, xx.Count), InterferenceEstimate.ErrorRate(zz.Errors, zz.Count), zz);
    }

    /// <summary>Full width at half maximum of a sampled curve peaked inside the grid (linear interpolation), same unit as x.</summary>
    public static double Fwhm(double[] x, double[] y)
    {
        int peak = Array.IndexOf(y, y.Max());
        double half = y[peak] / 2;
        double Cross(int step)
        {
            for (int i = peak; i + step >= 0 && i + step < y.Length; i += step)
                if (y[i + step] <= half)
                    return x[i] + (x[i + step] - x[i]) * (y[i] - half) / (y[i] - y[i + step]);
            return double.NaN;
        }
        return Cross(1) - Cross(-1);
    }

    /// <summary>The REPORT.md section of Supplementary Figs. 9 and 10.</summary>
    public static string Markdown(Result r)
    {
        var sb = new StringBuilder();
        string pair = InterferenceSimulation.OperatingPair;
        sb.AppendLine("## Supplementary Figs. 9 and 10: relative-delay scan");
        sb.AppendLine();
        sb.AppendLine($"Soliton comb, 15 dB per user. The relative delay tau of module {pair} (B's pulses relative to A's) is scanned from " +
                      $"-{F(MaxDelayPs)} to +{F(MaxDelayPs)} ps: model on a {F(GridStepPs(r.Full))} ps grid (`fig9_model`, `fig10_model`), simulation " +
                      $"at {ScanDelaysPs.Length} delays (`fig9_fig10_scan`) with {F(r.Scan.Doubles("homRunS")[0])} s per HOM run and " +
                      $"{F(r.Scan.Doubles("qberRunS")[0])} s per QBER run ({(r.Full ? "full scale" : "quick scale; `--full` runs 10x longer")}; " +
                      "the paper recorded 20 s per point).");
        sb.AppendLine();
        sb.AppendLine("- **Fig. 9** (V_HOM vs delay): the Fig. 3 definition (same-Z-state slots, Z states at mu = 0.64, 1 - C / C_dist over " +
                      "same-bin two-folds, C_dist with polarizationOverlap = 0 at the same delay). Model curves for all six pairs, which differ " +
                      "only in polarizationOverlap.");
        sb.AppendLine("- **Fig. 10** (QBER vs delay): the paper's settings, mu = 0.64 in both bases and the four states |0>, |1>, |+>, |-> equally " +
                      "likely. QBER = fraction of |Psi-> events with equal bits among those where both users chose that basis; sigma binomial " +
                      "(1/N when no error was counted).");
        var (xs, ys) = Curve(r.HomModel, pair);
        sb.AppendLine($"- Model HOM dip of {pair}: FWHM {F(Fwhm(xs, ys), "F0")} ps on the model grid. For transform-limited Gaussian pulses " +
                      $"V_HOM is proportional to exp(-tau^2 / (4 sigma^2)), so the dip is sqrt(2) x the pulse FWHM = " +
                      $"{F(Math.Sqrt(2) * r.Timing.PulseFwhmPs, "F0")} ps wide ({F(r.Timing.PulseFwhmPs, "F0")} ps pulses, main text \"about 0.8 ns\").");
        sb.AppendLine();
        ScanTable(sb, r.Scan);
        ZeroDelayTable(sb, r.ZeroDelay);
        Notes(sb, r);
        return sb.ToString();
    }

    private static void ScanTable(StringBuilder sb, ResultTable scan)
    {
        sb.AppendLine($"Scan of {scan.Column("pair")[0]} (simulated ± 1 sigma beside the model):");
        sb.AppendLine();
        sb.AppendLine("| delay (ps) | V_HOM model | V_HOM sim | QBER_X model | QBER_X sim | QBER_Z model | QBER_Z sim | Z-Z errors / events |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < scan.RowCount; i++)
        {
            double D(string c) => Convert.ToDouble(scan.Column(c)[i], CultureInfo.InvariantCulture);
            sb.AppendLine($"| {F(D("delayPs"), "F0")} | {P(D("modelHomVisibility"))} | {PS(D("simHomVisibility"), D("simHomSigma"))} | " +
                          $"{P(D("modelQberX"))} | {PS(D("simQberX"), D("simQberXSigma"))} | {P(D("modelQberZ"), 3)} | {PS(D("simQberZ"), D("simQberZSigma"), 3)} | " +
                          $"{F(D("zzErrors"), "F0")} / {F(D("zzPsiMinus"), "F0")} |");
        }
        sb.AppendLine();
        sb.AppendLine($"Simulation vs model over the {scan.RowCount} delays: chi^2 = {Chi2(scan, "simHomVisibility", "simHomSigma", "modelHomVisibility")} (V_HOM), " +
                      $"{Chi2(scan, "simQberX", "simQberXSigma", "modelQberX")} (QBER_X), {Chi2(scan, "simQberZ", "simQberZSigma", "modelQberZ")} (QBER_Z), " +
                      $"each for {scan.RowCount} degrees of freedom (no fitted parameter).");
        sb.AppendLine();
    }

    private static void ZeroDelayTable(StringBuilder sb, ResultTable zero)
    {
        sb.AppendLine("All six pairs at zero delay (paper: Supplementary Fig. 9 visibilities and the Fig. 10 text; simulated: one run of the whole " +
                      "network per setting):");
        sb.AppendLine();
        sb.AppendLine("| pair | pol. overlap | V_HOM paper | V_HOM model | V_HOM sim | QBER_X paper | QBER_X model | QBER_X sim | QBER_Z paper | QBER_Z model | QBER_Z sim |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < zero.RowCount; i++)
        {
            double D(string c) => Convert.ToDouble(zero.Column(c)[i], CultureInfo.InvariantCulture);
            sb.AppendLine($"| {zero.Column("pair")[i]} | {F(D("polarizationOverlap"), "0.000")} | {P(D("paperHomVisibility"))} | {P(D("modelHomVisibility"))} | " +
                          $"{PS(D("simHomVisibility"), D("simHomSigma"))} | {P(D("paperQberX"))} | {P(D("modelQberX"))} | {PS(D("simQberX"), D("simQberXSigma"))} | " +
                          $"{P(D("paperQberZ"), 3)} | {P(D("modelQberZ"), 3)} | {PS(D("simQberZ"), D("simQberZSigma"), 3)} |");
        }
        sb.AppendLine();
    }

    private static void Notes(StringBuilder sb, Result r)
    {
        var zero = r.ZeroDelay;
        var scan = r.Scan;
        double[] paperZ = zero.Doubles("paperQberZ").Where(v => !double.IsNaN(v)).ToArray();
        double[] modelZ = zero.Doubles("modelQberZ");
        double[] modelX = zero.Doubles("modelQberX"), paperX = zero.Doubles("paperQberX").Where(v => !double.IsNaN(v)).ToArray();
        int centre = Array.IndexOf(scan.Doubles("delayPs"), 0.0);
        double[] zz = scan.Doubles("zzPsiMinus");
        double fall = centre >= 0 ? zz[centre] / Math.Max(1, (zz[0] + zz[^1]) / 2) : double.NaN;

        sb.AppendLine("Notes:");
        sb.AppendLine("- The zero-delay V_HOM agreement is a calibration, not a prediction: each pair's polarizationOverlap is 2 x its Supplementary " +
                      "Fig. 9 visibility (all residual distinguishability attributed to polarization). QBER_X then follows without further input " +
                      "(small-mean limit: QBER_X = (2 - kappa^2 c^2) / 4), giving " +
                      $"{P(modelX.Min())}-{P(modelX.Max())} across pairs against the paper's {P(paperX.Min())}-{P(paperX.Max())}. Across the " +
                      $"pairs the model's QBER_X is tied to V_HOM (correlation {F(Correlation(zero.Doubles("modelHomVisibility"), modelX), "F2")}); " +
                      $"the paper's is not (correlation of its V_HOM and QBER_X: {F(Correlation(zero.Doubles("paperHomVisibility"), zero.Doubles("paperQberX")), "F2")}), " +
                      "so per-pair effects beyond the HOM dip (e.g. the phase modulators' pi accuracy or early-late alignment, not reported) " +
                      "enter the paper's QBER_X.");
        var src = r.QberZSources;
        double Src(string c, int row) => Convert.ToDouble(src.Column(c)[row], CultureInfo.InvariantCulture);
        sb.AppendLine($"- QBER_Z: the paper's zero-delay spread ({P(paperZ.Min(), 2)}-{P(paperZ.Max(), 2)} across pairs) comes from per-pair " +
                      "intensity-modulator extinction and alignment that the paper does not report. Ours follows from the assumed " +
                      $"{F(r.ExtinctionRatioDb)} dB extinction ratio (models/sources/seed002-time-bin-encoder.yaml), the same for every user: " +
                      $"the model gives {P(modelZ.Min(), 3)}-{P(modelZ.Max(), 3)} for all pairs and cannot reproduce the spread. For " +
                      $"{src.Column("pair")[0]} at zero delay, QBER_Z = {P(Src("modelQberZ", 0), 3)}; without dark counts " +
                      $"{P(Src("modelQberZWithoutDarks", 0), 3)}; with ideal extinction {P(Src("modelQberZIdealExtinction", 0), 4)} " +
                      "(`fig10_qber_z_sources`): the leaked photons of the nominally empty bin make nearly all Z errors.");
        sb.AppendLine($"- Away from zero delay B's pulses leave the {F(r.Timing.CoincidenceWindowPs / 1000.0)} ns time-bin windows, which are centred " +
                      $"on the nominal bin (A's arrival): Z-Z |Psi-> counts fall {F(fall, "F0")}x from 0 to ±{F(MaxDelayPs)} ps, so the outer " +
                      "simulated points carry large errors. QBER_X tends to 50 % (no interference). QBER_Z rises " +
                      $"(model {P(Src("modelQberZ", 1), 2)} at {F(Src("delayPs", 1))} ps) because an error can come from one user's two photons " +
                      "(one in the leaked bin), which needs no photon of the other user in the window, while a correct |Psi-> event needs one " +
                      "from each. The paper does not say where its windows sit during the scan.");
        sb.AppendLine();
    }

    private static (double[] X, double[] Y) Curve(ResultTable t, string pair)
    {
        var rows = Enumerable.Range(0, t.RowCount).Where(i => (string)t.Column("pair")[i] == pair).ToArray();
        return (rows.Select(i => Convert.ToDouble(t.Column("delayPs")[i], CultureInfo.InvariantCulture)).ToArray(),
                rows.Select(i => Convert.ToDouble(t.Column("modelHomVisibility")[i], CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Pearson correlation of two equally long samples (NaN pairs dropped).</summary>
    private static double Correlation(double[] a, double[] b)
    {
        var idx = Enumerable.Range(0, a.Length).Where(i => !double.IsNaN(a[i]) && !double.IsNaN(b[i])).ToArray();
        double ma = idx.Average(i => a[i]), mb = idx.Average(i => b[i]);
        double cov = idx.Sum(i => (a[i] - ma) * (b[i] - mb));
        double va = idx.Sum(i => (a[i] - ma) * (a[i] - ma)), vb = idx.Sum(i => (b[i] - mb) * (b[i] - mb));
        return cov / Math.Sqrt(va * vb);
    }

    private static string Chi2(ResultTable t, string sim, string sigma, string model)
    {
        double[] s = t.Doubles(sim), e = t.Doubles(sigma), m = t.Doubles(model);
        double chi2 = Enumerable.Range(0, s.Length).Where(i => e[i] > 0 && !double.IsNaN(s[i])).Sum(i => Math.Pow((s[i] - m[i]) / e[i], 2));
        return F(chi2, "F1");
    }

    private static string F(double v, string fmt = "G4") => v.ToString(fmt, CultureInfo.InvariantCulture);
    private static string P(double v, int digits = 2) => double.IsNaN(v) ? "-" : (v * 100).ToString("F" + digits, CultureInfo.InvariantCulture) + " %";
    private static string PS(double v, double s, int digits = 2) => double.IsNaN(v) ? "-" :
        $"{(v * 100).ToString("F" + digits, CultureInfo.InvariantCulture)} ± {(s * 100).ToString("F" + digits, CultureInfo.InvariantCulture)} %";
}
