using System.Globalization;

namespace QkdNetSim.Runs.Cv;

/// <summary>
/// The CV-QKD broadcast network at sample level (seeds 000, 001, 003): Alice's Gaussian or discrete modulation through
/// a splitter tree to heterodyne Bobs. Scenario <see cref="CvScenarioFile"/>, validator <see cref="CvScenarioValidator"/>,
/// builder <see cref="LoadedCvScenario"/>, columns <see cref="CvSampleLogSchema"/>, manifest <see cref="CvRunManifest"/>,
/// summary body <see cref="CvRunSummary"/>.
/// </summary>
public sealed class CvKind : INetworkKind
{
    public Type SummaryType => typeof(CvRunSummary);

    public string Name => KindNames.Cv;

    public string Description => "CV-QKD broadcast network at sample level (seeds 000, 001, 003); writes cv_samples.parquet";

    public string? LogFileName => CvSampleLogSchema.FileName;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) => CvScenarioLoader.LoadFromText(yaml, path, overrides);

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel) =>
        CvSimulation.Simulate((LoadedCvScenario)scenario, log, progress, cancel);

    /// <summary>cv_samples.parquet of a directory, or a file whose name contains "cv_samples".</summary>
    public string? AnalyzeInput(string target)
    {
        if (CvCovarianceKind.IsYaml(target)) return null; // YAML targets are analysis inputs (cvCovariance), never logs
        string name = CvSampleLogSchema.FileName;
        if (Directory.Exists(target)) return File.Exists(Path.Combine(target, name)) ? Path.Combine(target, name) : null;
        return Path.GetFileName(target).Contains("cv_samples", StringComparison.OrdinalIgnoreCase) ? target : null;
    }

    public SummaryEnvelope Analyze(string input, CancellationToken cancel) => CvLogAnalysis.Analyze(input, cancel);

    public string UnitsKey => "users";

    public bool HasModel => true;

    /// <summary>cv_samples.parquet: one row per round and Bob, exactly samples x Bobs.</summary>
    public LogSizeEstimate? EstimateLog(IRunScenario scenario) => scenario.LogEnabled && scenario is LoadedCvScenario cv
        ? new LogSizeEstimate(CvSampleLogSchema.FileName, (double)cv.Scenario.Samples * cv.Scenario.Users.Count, "row", LogRowBytes.CvRow)
        : null;

    /// <summary>The analytic rates and covariances at the scenario's true parameters (<see cref="CvModel"/>).</summary>
    public SummaryEnvelope Model(IRunScenario scenario, CancellationToken cancel) => CvModel.Run((LoadedCvScenario)scenario, cancel);

    /// <summary>
    /// The smallest network key rate K_ABi over the Bobs (seed 000 Eq. 21; the estimate, which the model engine sets to
    /// the analytic value), converted from bits per symbol (round) to bit/s with the symbol rate rounds / run.simulatedTimeS;
    /// 0 for a Bob with no key (negative rate). Null when a Bob has no estimate or the summary has no session time
    /// (`analyze`: the log does not record the symbol rate). CV rates are asymptotic: there is no finite-key analysis.
    /// </summary>
    public double? WorstKeyRateBitPerS(SummaryEnvelope summary)
    {
        var s = (CvRunSummary)summary;
        if (s.Users.Count == 0 || s.Run.SimulatedTimeS is not (double time and > 0) || s.Rounds <= 0) return null;
        if (s.Users.Any(u => u.NetworkKeyRateEstimateBits is null)) return null;
        double symbolRateHz = s.Rounds / time;
        return s.Users.Min(u => Math.Max(0, u.NetworkKeyRateEstimateBits!.Value)) * symbolRateHz;
    }

    public IReadOnlyList<StudyKnob> Knobs { get; } = [UserCountKnob, DistanceKnob];

    /// <summary>Largest `userCount` a study may set (the model's covariance matrix has 2(2N+1) rows).</summary>
    public const int MaxKnobUsers = 256;

    /// <summary>
    /// `userCount`: N Bobs, each a copy of the scenario's first Bob named bob1..bobN. N alone sets the broadcast splitter:
    /// every output carries 1/N (seed 000 Eqs. 29-31; the scenario has no splitter key, CvBroadcastChannel derives it from N).
    /// </summary>
    public static readonly StudyKnob UserCountKnob = new("userCount", "users",
        "number of Bobs, each a copy of the first Bob (the 1-to-N splitter gives each 1/N)", IsInteger: true, Minimum: 1, Maximum: MaxKnobUsers,
        UserCountOverrides) { RebuildsUsers = true };

    /// <summary>`distance`: the feeder fibre from Alice to the splitter (`feederFibreKm`), km; the Bobs' drop fibres stay as they are.</summary>
    public static readonly StudyKnob DistanceKnob = new("distance", "km",
        "feeder fibre from Alice to the splitter (feederFibreKm); drop fibres unchanged", IsInteger: false, Minimum: 0,
        Maximum: Access.ScenarioValidator.MaxFibreLengthKm, (_, km) => [$"feederFibreKm={F(km, "R")}"]);

    private static IReadOnlyList<string> UserCountOverrides(IRunScenario scenario, double count)
    {
        var loaded = (LoadedCvScenario)scenario;
        if (!(count >= 1 && count <= MaxKnobUsers && count == Math.Floor(count)))
            throw new QkdNetSim.Core.InputError(loaded.SourcePath, UserCountKnob.Name, $"must be an integer in [1, {MaxKnobUsers}], got {F(count, "R")}");
        var u = loaded.Scenario.Users[0];
        string Bob(int k) => $"{{name: bob{k}, fibreLengthKm: {F(u.FibreLengthKm, "R")}, excessNoiseSnu: {F(u.ExcessNoiseSnu, "R")}, " +
            $"efficiency: {F(u.Efficiency, "R")}, electronicNoiseSnu: {F(u.ElectronicNoiseSnu, "R")}}}";
        return [$"users=[{string.Join(", ", Enumerable.Range(1, (int)count).Select(Bob))}]"];
    }

    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
    private static string F(double? v, string f) => v is double d ? F(d, f) : "-";
    private static string Pm(CvIntervalSummary? s, string f) => s is null ? "-" : $"{F(s.Value, f)} ± {F(s.StandardError, f)}";

    private static readonly ResultColumn<CvUserSummary>[] Columns =
    [
        new("name", "user", u => u.Name, u => u.Name),
        new("trueTransmittance", "T", u => u.TrueTransmittance, u => F(u.TrueTransmittance, "F4")),
        new("transmittance", "T est.", u => u.Transmittance?.Value, u => Pm(u.Transmittance, "F4")),
        new("transmittanceStandardError", null, u => u.Transmittance?.StandardError),
        new("trueExcessNoiseSnu", "xi", u => u.TrueExcessNoiseSnu, u => F(u.TrueExcessNoiseSnu, "F3")),
        new("excessNoiseSnu", "xi est.", u => u.ExcessNoiseSnu?.Value, u => Pm(u.ExcessNoiseSnu, "F3")),
        new("excessNoiseSnuStandardError", null, u => u.ExcessNoiseSnu?.StandardError),
        new("networkKeyRateAnalyticBits", "K_ABi", u => u.NetworkKeyRateAnalyticBits, u => F(u.NetworkKeyRateAnalyticBits, "E2")),
        new("networkKeyRateEstimateBits", "K_ABi est.", u => u.NetworkKeyRateEstimateBits, u => F(u.NetworkKeyRateEstimateBits, "E2")),
    ];

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (CvRunSummary)summary;
        var notes = new List<string>
        {
            "T, xi (SNU at the channel input), K_ABi (bits/round, seed 000 Eq. 21): true values, and estimates ± standard error from the samples; single-user GG02 rates are in summary.json",
            $"network total K_tot: analytic {F(s.NetworkTotalKeyRateAnalyticBits, "E3")}, estimated {F(s.NetworkTotalKeyRateEstimateBits, "E3")} bits/round",
        };
        if (s.Note is { Length: > 0 }) notes.Add(s.Note);
        return ResultColumn<CvUserSummary>.Rows(
            $"{s.ScenarioName}: {s.Rounds:N0} rounds, {s.Modulation} modulation, beta {F(s.ReconciliationEfficiency, "G4")}{(s.Interrupted ? " (interrupted)" : "")}",
            Columns, s.Users, notes);
    }
}

/// <summary>
/// A measured or estimated CV covariance matrix plus trusted detectors (`kind: cvCovariance`): an analysis input, not a
/// network to run. `analyze FILE.yaml` gives the multi-user key rates of seed 000 and writes FILE.summary.json.
/// </summary>
public sealed class CvCovarianceKind : INetworkKind
{
    public string Name => KindNames.CvCovariance;

    public string Description => "a measured CV covariance matrix with trusted detectors (analysed, not run); writes FILE.summary.json";

    public string? LogFileName => null;

    public IRunScenario Load(string yaml, string path, IReadOnlyList<string> overrides) =>
        throw new QkdNetSim.Core.InputError(path, ScenarioKind.Key, $"a {Name} file is analysed, not run: use `qkdnetsim analyze {path}`");

    public SummaryEnvelope Simulate(IRunScenario scenario, LogTarget? log, Action<double>? progress, CancellationToken cancel) =>
        throw new NotSupportedException($"{Name} is an analysis input");

    /// <summary>Any YAML target: a cvCovariance file is this kind's; any other YAML is a user error (scenarios are run, not analysed).</summary>
    public string? AnalyzeInput(string target)
    {
        if (!IsYaml(target)) return null;
        if (KindRegistry.Detect(ScenarioDocument.ReadFile(target), target).Name != Name)
            throw new QkdNetSim.Core.InputError(target, ScenarioKind.Key,
                "analyze reads logs (a run directory or .parquet) or a `kind: cvCovariance` file; run scenarios with `qkdnetsim run`");
        return target;
    }

    public static bool IsYaml(string target) =>
        target.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || target.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public SummaryEnvelope Analyze(string input, CancellationToken cancel) => CvCovarianceAnalysis.Analyze(input); // one small YAML file: nothing to stop

    private static string F(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);

    public string SummaryPathFor(string input) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input)) ?? ".", Path.GetFileNameWithoutExtension(input) + ".summary.json");

    private static readonly ResultColumn<CvCovarianceUserSummary>[] Columns =
    [
        new("name", "Bob", u => u.Name, u => u.Name),
        new("mutualInformationBits", "I(a:b_i)", u => u.MutualInformationBits, u => F(u.MutualInformationBits, "F4")),
        new("otherBobsInformationBits", "I(b_i:b_r)", u => u.OtherBobsInformationBits, u => F(u.OtherBobsInformationBits, "F4")),
        new("conditionalHolevoBits", "S(b_i:E|b_r)", u => u.ConditionalHolevoBits, u => F(u.ConditionalHolevoBits, "F4")),
        new("keyRateBits", "K_ABi", u => u.KeyRateBits, u => F(u.KeyRateBits, "E3")),
        new("lowerLimitKeyRateBits", "K_LB,i", u => u.LowerLimitKeyRateBits, u => F(u.LowerLimitKeyRateBits, "E3")),
    ];

    public ResultRows Rows(SummaryEnvelope summary)
    {
        var s = (CvCovarianceSummary)summary;
        return ResultColumn<CvCovarianceUserSummary>.Rows($"{s.Name}: beta {F(s.ReconciliationEfficiency, "G4")}", Columns, s.Users,
            [$"K_tot {F(s.TotalKeyRateBits, "E3")}, K_UB {F(s.UpperLimitBits, "E3")}, K_tot / K_UB {(s.FractionOfUpperLimit is double q ? F(q, "F3") : "-")} (bits/pulse)"]);
    }
}
