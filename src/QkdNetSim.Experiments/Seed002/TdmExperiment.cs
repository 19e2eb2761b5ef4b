using QkdNetSim.Analysis.Mdi;
using QkdNetSim.Runs.Mdi;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Protocols.Mdi;
using QkdNetSim.Protocols.Mdi.Tdm;

namespace QkdNetSim.Experiments.Seed002;

/// <summary>
/// One network size of the key-rate comparison: n users served by the original scheme (every pair on its own module, all
/// the time) or by the TDM scheme (a pair on a module in 1 of <see cref="Bins"/> time bins).
/// </summary>
/// <param name="Users">n.</param>
/// <param name="Scheme">"original" or "TDM".</param>
/// <param name="Bins">Time bins per cycle, B; a pair's duty cycle is 1 / B.</param>
public sealed record TdmOperatingPoint(int Users, string Scheme, int Bins);

/// <summary>
/// Key rate of one user pair of an n-user network with the duty-cycle cost, simulated and modelled at the same number of
/// pulse pairs.
/// </summary>
/// <param name="Point">Network size and scheme.</param>
/// <param name="PulsePairs">N: pulse pairs the pair sends in the session (its share of the cycle).</param>
/// <param name="SessionS">Wall-clock session T = N B / clock rate (8.3 h for the paper's N = 3e12 and B = 1).</param>
/// <param name="SimZz">Simulated N_zz S_zz.</param>
/// <param name="ModelZz">Expected N_zz S_zz of the quadrature model.</param>
/// <param name="SimQberZ">Simulated E_zz.</param>
/// <param name="ModelQberZ">Expected E_zz.</param>
/// <param name="SimKeyPerPulse">Finite-key R of the simulated counts (seed 002 Eq. 4, paper zero-count treatment); NaN if the
/// analysis could not run.</param>
/// <param name="ModelKeyPerPulse">Finite-key R of the expected counts at the same N.</param>
/// <param name="ModelAsymptoticKeyPerPulse">R of the expected counts as N goes to infinity (no statistical penalty).</param>
/// <param name="SimWallS">Wall time of the simulation, s.</param>
/// <param name="SimAnalysisError">Why the simulated counts gave no key-rate analysis, empty when they did.</param>
public sealed record TdmKeyRatePoint(
    TdmOperatingPoint Point,
    double PulsePairs,
    double SessionS,
    long SimZz,
    double ModelZz,
    double SimQberZ,
    double ModelQberZ,
    double SimKeyPerPulse,
    double ModelKeyPerPulse,
    double ModelAsymptoticKeyPerPulse,
    double SimWallS,
    string SimAnalysisError)
{
    /// <summary>Secret key bits of the simulated session, max(0, R) N.</summary>
    public double SimKeyBits => Math.Max(0.0, double.IsNaN(SimKeyPerPulse) ? 0.0 : SimKeyPerPulse) * PulsePairs;

    /// <summary>Secret key bits of the modelled session.</summary>
    public double ModelKeyBits => Math.Max(0.0, ModelKeyPerPulse) * PulsePairs;

    /// <summary>Simulated key rate averaged over the whole cycle: key bits / T.</summary>
    public double SimKeyRateBitPerS => SimKeyBits / SessionS;

    /// <summary>Modelled key rate averaged over the whole cycle: key bits / T.</summary>
    public double ModelKeyRateBitPerS => ModelKeyBits / SessionS;

    /// <summary>Asymptotic-in-N scaling: R(N = infinity) x clock rate / B, the pure duty-cycle cost.</summary>
    public double ModelAsymptoticKeyRateBitPerS => Math.Max(0.0, ModelAsymptoticKeyPerPulse) * PulsePairs / SessionS;

    /// <summary>(simulated - expected) zz count in units of the Poisson standard deviation sqrt(expected).</summary>
    public double ZzPull => (SimZz - ModelZz) / Math.Sqrt(ModelZz);
}

/// <summary>
/// Seed 002 Supplementary, "Hardware efficient protocol for a fully-connected MDI-QKD network": the Table III and
/// sixteen-user schedules, the Fig. 12 resource comparison, and what the TDM duty cycle costs in key rate per pair at 30 dB.
/// </summary>
public static class TdmExperiment
{
    /// <summary>Seed 002 main text: "8.3 hours with a total of 3×10^12 sent pulses at a clock rate of 100 MHz for each user pair".</summary>
    public const double PaperPulsePairs = 3e12;

    /// <summary>Seed 002 main text: "about 30 dB of link attenuation per user pair".</summary>
    public const double PairLossDb = 30;

    /// <summary>Quick mode divides the simulated pulse pairs by this factor (the model is also evaluated at the paper's N).</summary>
    public const double QuickScaleDivisor = 100;

    /// <summary>
    /// Pulse pairs standing in for N = infinity in the asymptotic model value: the relative Chernoff widths are then below
    /// ~1e-4 even for the sparsest counts used (N_xo S_xo + N_ox S_ox), so R is within a fraction of a percent of its limit.
    /// </summary>
    public const double AsymptoticPulsePairs = 1e18;

    /// <summary>
    /// The key-rate comparison points: the paper's four-user network (original scheme, one bin) and the TDM networks of
    /// Table III (8 users, 4 bins) and the sixteen-user text (8 bins).
    /// </summary>
    public static IReadOnlyList<TdmOperatingPoint> KeyRatePoints { get; } =
    [
        new(4, "original", 1),                                  // seed 002 main text: all six pairs at once
        new(8, "TDM", MdiResourceCounts.TdmBins(8)),            // seed 002 Supplementary: "four time bins, t1 - t2 - t3 - t4"
        new(16, "TDM", MdiResourceCounts.TdmBins(16)),          // seed 002 Supplementary: "divided into eight time bins"
    ];

    /// <summary>
    /// A schedule in the layout of Table III: one row per time bin, one column per BSM module named with its wavelength
    /// ("bsm3_lambda3"), cells holding the pair ("A1-D1") or "-" for an idle module.
    /// </summary>
    public static ResultTable ScheduleTable(string name, TdmSchedule schedule)
    {
        // Seed 002 Supplementary Table III: rows t1..tB, columns BSM 1..M.
        string[] columns = ["bin", .. Enumerable.Range(0, schedule.Modules).Select(m => $"bsm{m + 1}_lambda{schedule.ModuleWavelengths[m] + 1}")];
        var table = new ResultTable(name, columns);
        for (int t = 0; t < schedule.Bins; t++)
        {
            var row = new object[schedule.Modules + 1];
            row[0] = $"t{t + 1}";
            for (int m = 0; m < schedule.Modules; m++)
                row[m + 1] = schedule.PairAt(t, m) is (int a, int b) ? TdmSchedule.PairName(a, b) : "-";
            table.Add(row);
        }
        return table;
    }

    /// <summary>
    /// Fig. 12 for n = <paramref name="from"/>..<paramref name="to"/>: the original scheme's modules and comb lines against
    /// the TDM scheme's modules, the paper's wavelength formula, the wavelengths our schedule builder needs, the time bins
    /// and the resulting duty cycle, and whether the built schedule needs a switched relay.
    /// </summary>
    public static ResultTable ResourceTable(int from = 2, int to = 64)
    {
        var table = new ResultTable("fig12_resources", "users", "originalModules", "originalWavelengths", "tdmModules",
            "tdmWavelengthsPaper", "tdmWavelengthsBuilt", "tdmBins", "tdmDutyCycle", "builtNeedsRelaySwitch");
        foreach (var r in MdiResourceCounts.Rows(from, to))
        {
            bool switched = TdmScheduleValidator.FirstRoutingSwitch(TdmScheduleBuilder.Build(r.Users)) is not null;
            table.Add(r.Users, r.OriginalModules, r.OriginalWavelengths, r.TdmModules, r.TdmWavelengths, r.BuiltWavelengths,
                r.TdmBins, 1.0 / r.TdmBins, switched);
        }
        return table;
    }

    /// <summary>
    /// The seed-002 network at <see cref="PairLossDb"/> per pair (models/networks/seed002-four-user-mdi.yaml, 15 dB per
    /// user), with its finite-key settings.
    /// </summary>
    public static (MdiNetworkConfig Network, double Epsilon, double ErrorCorrectionEfficiency) LoadNetwork(ExperimentContext ctx)
    {
        var loaded = Seed002Setup.Load(ctx, Seed002Setup.PairLoss(PairLossDb));
        return (loaded.Config, loaded.Scenario.Analysis.Epsilon, loaded.Scenario.Analysis.ErrorCorrectionEfficiency);
    }

    /// <summary>
    /// One user pair as a network of its own: the two users and the BSM module of the seed-002 network's first module (AB),
    /// renumbered 0 and 1, sending <paramref name="pulsePairs"/> pulse pairs. A TDM pair is measured by one module in its
    /// bins, and in those bins it sees exactly what a pair of the original network sees, so this is the pair's physics; the
    /// idle bins only add wall-clock time. Shared encoders are irrelevant with one module.
    /// </summary>
    public static MdiNetworkConfig PairNetwork(MdiNetworkConfig network, double pulsePairs, ulong seed)
    {
        var ab = network.Modules[0];
        MdiUser[] users = [network.Users[ab.UserA] with { Index = 0 }, network.Users[ab.UserB] with { Index = 1 }];
        var module = ab with { Index = 0, UserA = 0, UserB = 1 };
        return network with { Users = users, Modules = [module], DurationS = pulsePairs / network.Timing.ClockRateHz, Seed = seed };
    }

    /// <summary>
    /// Pulse pairs a pair sends in the paper's session when it is served in 1 of <paramref name="bins"/> bins: 3e12 / B
    /// (seed 002 Supplementary: "the TDM approach reduces the duty cycle of the system").
    /// </summary>
    public static double PulsePairsPerSession(int bins, double scaleDivisor = 1) => PaperPulsePairs / bins / scaleDivisor;

    /// <summary>
    /// Finite-key analysis of the expected counts of the pair network for <paramref name="pulsePairs"/> pulse pairs
    /// (seed 002 Supplementary Eqs. 1-4 on the quadrature model's counts).
    /// </summary>
    public static (MdiDecoyResult Result, MdiExpectedCounts Counts) Model(MdiNetworkConfig pair, double pulsePairs, double eps, double f)
    {
        var counts = new MdiExpectedCounts(pair, 0, pulsePairs);
        return (MdiDecoyAnalysis.Analyze(counts.DecoyInput(pair.Users[0].Encoder, eps, f)), counts);
    }

    /// <summary>
    /// Simulates one pair of the network of <paramref name="point"/> for N = 3e12 / (B x <paramref name="scaleDivisor"/>)
    /// pulse pairs and evaluates the model at the same N and at N = infinity. The simulation seed is derived from the
    /// context seed and n, so the three network sizes draw independent samples.
    /// </summary>
    public static TdmKeyRatePoint KeyRate(ExperimentContext ctx, MdiNetworkConfig network, double eps, double f,
        TdmOperatingPoint point, double scaleDivisor)
    {
        double n = PulsePairsPerSession(point.Bins, scaleDivisor); // seed 002 Suppl.: TDM "reduces the duty cycle", 3e12 / B pulse pairs per 8.3 h
        ulong seed = unchecked(ctx.Seed * 1_000_003UL + (ulong)point.Users);
        var pair = PairNetwork(network, n, seed);
        double sessionS = n * point.Bins / pair.Timing.ClockRateHz; // the pair is served 1/B of the time T

        var sim = Seed002Setup.Simulate(ctx, $"tdm-n{point.Users}", pair);
        var sp = sim.Pairs[0];
        var zz = sp.Yields["zz"];
        var (model, counts) = Model(pair, n, eps, f);                       // seed 002 Suppl. Eqs. 1-4 on expected counts, same N
        var (asymptotic, _) = Model(pair, AsymptoticPulsePairs, eps, f);    // seed 002 Suppl. Eq. 4 with vanishing Chernoff widths
        return new TdmKeyRatePoint(point, n, sessionS,
            SimZz: zz.Count,
            ModelZz: counts.PsiMinus[0, 0],
            SimQberZ: zz.Count > 0 ? (double)zz.Errors / zz.Count : double.NaN,
            ModelQberZ: counts.Errors[0, 0] / counts.PsiMinus[0, 0],
            SimKeyPerPulse: sp.AnalysisError.Length == 0 ? sp.KeyRatePerPulse : double.NaN,
            ModelKeyPerPulse: model.Paper.KeyRatePerPulsePair,
            ModelAsymptoticKeyPerPulse: asymptotic.Paper.KeyRatePerPulsePair,
            SimWallS: sim.Run.WallTimeS,
            SimAnalysisError: sp.AnalysisError);
    }

    /// <summary>
    /// Modelled key rate of one pair over the cycle (bit/s) for the network of <paramref name="point"/> at
    /// N = 3e12 / (B x <paramref name="scaleDivisor"/>): max(0, R) N / T with T = N B / clock rate. No simulation.
    /// </summary>
    public static double ModelKeyRateBitPerS(MdiNetworkConfig network, double eps, double f, TdmOperatingPoint point, double scaleDivisor = 1)
    {
        double n = PulsePairsPerSession(point.Bins, scaleDivisor);
        var pair = PairNetwork(network, n, seed: 1);
        double keyBits = Math.Max(0.0, Model(pair, n, eps, f).Result.Paper.KeyRatePerPulsePair) * n; // seed 002 Suppl. Eq. 4 x N
        return keyBits / (n * point.Bins / pair.Timing.ClockRateHz);                                // averaged over T = N B / 100 MHz
    }

    /// <summary>
    /// Key rate over the cycle for n = 4, 8, 16 at 30 dB: simulated and modelled at the session's N (full: the paper's
    /// 3e12 / B; quick: a hundredth of it), plus the model at the paper's N and the asymptotic-in-N scaling.
    /// </summary>
    public static (ResultTable Table, IReadOnlyList<TdmKeyRatePoint> Points) KeyRates(ExperimentContext ctx)
    {
        var (network, eps, f) = LoadNetwork(ctx);
        double divisor = ctx.Full ? 1 : QuickScaleDivisor;
        var table = new ResultTable("tdm_keyrate", "users", "scheme", "bins", "dutyCycle", "scaleDivisor", "pulsePairs", "sessionS",
            "simZz", "modelZz", "zzPoissonSigma", "zzPull", "simQberZ", "modelQberZ",
            "simKeyPerPulse", "modelKeyPerPulse", "simKeyBits", "modelKeyBits",
            "simKeyRateBitPerS", "modelKeyRateBitPerS", "modelAsymptoticKeyRateBitPerS",
            "paperScalePulsePairs", "paperScaleModelKeyRateBitPerS", "simWallS", "simAnalysisError");
        var points = new List<TdmKeyRatePoint>();
        foreach (var op in KeyRatePoints)
        {
            ctx.Cancel.ThrowIfCancellationRequested();
            var p = KeyRate(ctx, network, eps, f, op, divisor);
            points.Add(p);
            table.Add(op.Users, op.Scheme, op.Bins, 1.0 / op.Bins, divisor, p.PulsePairs, p.SessionS,
                p.SimZz, p.ModelZz, Math.Sqrt(p.ModelZz), p.ZzPull, p.SimQberZ, p.ModelQberZ,
                p.SimKeyPerPulse, p.ModelKeyPerPulse, p.SimKeyBits, p.ModelKeyBits,
                p.SimKeyRateBitPerS, p.ModelKeyRateBitPerS, p.ModelAsymptoticKeyRateBitPerS,
                PulsePairsPerSession(op.Bins), ModelKeyRateBitPerS(network, eps, f, op),
                p.SimWallS, p.SimAnalysisError.Length == 0 ? "none" : p.SimAnalysisError);
        }
        return (table, points);
    }

    /// <summary>One detector/clock setting of the dead-time control.</summary>
    /// <param name="Label">What the setting is.</param>
    /// <param name="ClockRateHz">Pulse-pair rate (slot period 1 / rate).</param>
    /// <param name="DeadTimePs">SNSPD dead time of both detectors.</param>
    public sealed record DeadTimeCase(string Label, double ClockRateHz, long DeadTimePs);

    /// <summary>
    /// The expected-count model leaves out dead time that reaches past a slot (<see cref="MdiExpectedOutcomes"/> remarks):
    /// exact only if a click's dead time covers its own slot's windows and ends before the next slot's. The seed-002
    /// detector (40 ns at 10 ns slots) is outside that regime; 6 ns still blinds the next early window after a late click;
    /// 7 ns at 40 ns slots is inside it.
    /// </summary>
    public static IReadOnlyList<DeadTimeCase> DeadTimeCases { get; } =
    [
        new("seed-002 SNSPD: 40 ns dead time, 10 ns slots", 1e8, 40_000),   // models/detectors/snspd-seed002.yaml (assumed value)
        new("6 ns dead time, 10 ns slots", 1e8, 6_000),
        new("7 ns dead time, 40 ns slots (model exact)", 2.5e7, 7_000),
    ];

    /// <summary>The network with every detector's dead time and the clock rate replaced (all else as loaded).</summary>
    public static MdiNetworkConfig WithDetectorTiming(MdiNetworkConfig network, double clockRateHz, long deadTimePs) => network with
    {
        Timing = network.Timing with { ClockRateHz = clockRateHz },
        Modules = network.Modules.Select(m => m with
        {
            Detector0 = m.Detector0 with { DeadTimePs = deadTimePs },
            Detector1 = m.Detector1 with { DeadTimePs = deadTimePs },
        }).ToArray(),
    };

    /// <summary>
    /// Dead-time control: the four-user point (B = 1) at the quick scale (N = 3e10) under each <see cref="DeadTimeCases"/>
    /// setting, simulated and modelled, to show where the simulated zz count leaves the model and why.
    /// </summary>
    public static ResultTable DeadTimeControl(ExperimentContext ctx)
    {
        var (network, eps, f) = LoadNetwork(ctx);
        var table = new ResultTable("tdm_deadtime_control", "setting", "clockRateHz", "deadTimePs", "users", "pulsePairs",
            "simZz", "modelZz", "zzPoissonSigma", "zzPull", "zzRelativeDeviation", "simQberZ", "modelQberZ",
            "simKeyPerPulse", "modelKeyPerPulse", "simWallS");
        foreach (var c in DeadTimeCases)
        {
            ctx.Cancel.ThrowIfCancellationRequested();
            var p = KeyRate(ctx, WithDetectorTiming(network, c.ClockRateHz, c.DeadTimePs), eps, f, KeyRatePoints[0], QuickScaleDivisor);
            table.Add(c.Label, c.ClockRateHz, (double)c.DeadTimePs, p.Point.Users, p.PulsePairs, p.SimZz, p.ModelZz, Math.Sqrt(p.ModelZz),
                p.ZzPull, p.SimZz / p.ModelZz - 1, p.SimQberZ, p.ModelQberZ, p.SimKeyPerPulse, p.ModelKeyPerPulse, p.SimWallS);
        }
        return table;
    }
}
