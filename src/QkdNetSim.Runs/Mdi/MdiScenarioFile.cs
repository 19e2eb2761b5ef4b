namespace QkdNetSim.Runs.Mdi;

// MDI network scenario schema (YAML, camelCase keys, `kind: mdiNetwork`). Every property below is a key a user may set
// in a scenario or model file, or override with `--set dotted.path=value`; units are in the names. Defaults are the
// four-user wavelength-multiplexed MDI-QKD network of seed 002 (Yan et al.) where the paper gives a number, and the
// assumptions stated in models/ where it does not.

/// <summary>Root of an MDI network scenario: users, the untrusted relay's BSM modules, and one session.</summary>
public sealed class MdiScenarioFile
{
    public string Name { get; set; } = "mdi-scenario";
    public string Description { get; set; } = "";
    /// <summary>Root seed: every component's random stream derives from it.</summary>
    public ulong Seed { get; set; } = 1;
    /// <summary>Simulated session length, seconds.</summary>
    public double DurationS { get; set; } = 1.0;
    /// <summary>"fast" (skip-ahead, cost per detection) or "perPulse" (reference: every slot stepped).</summary>
    public string Mode { get; set; } = "fast";
    /// <summary>
    /// True (the paper's hardware): a user's one encoder modulates all its wavelengths, so the user's random setting in a
    /// slot is the same in every module it feeds. False: an independent encoder per wavelength.
    /// </summary>
    public bool SharedEncoder { get; set; } = true;
    public MdiTimingSpec Timing { get; set; } = new();
    /// <summary>Encoder of every user that does not set its own (`model:` include allowed).</summary>
    public TimeBinEncoderSpec Encoder { get; set; } = new();
    /// <summary>The comb lines the users' transmitters can send (`model:` include allowed).</summary>
    public CombSpec Comb { get; set; } = new();
    public RelaySpec Relay { get; set; } = new();
    public List<MdiUserSpec> Users { get; set; } = new();
    /// <summary>BSM modules, one per user pair and wavelength; module index = list index.</summary>
    public List<BsmModuleSpec> Modules { get; set; } = new();
    public MdiAnalysisSpec Analysis { get; set; } = new();
    public LogSpec Log { get; set; } = new();
    /// <summary>Drifting devices (<see cref="MdiDriftSpec"/>); absent: none (not written into the canonical scenario).</summary>
    public MdiDriftSpec? Drift { get; set; }
    /// <summary>
    /// timeseries.parquet, one row per pair and block (<see cref="MdiTimeSeries"/>); absent: on exactly when a drift is
    /// configured, 1200 s blocks (not written into the canonical scenario).
    /// </summary>
    public Access.TimeSeriesSpec? Timeseries { get; set; }
}
