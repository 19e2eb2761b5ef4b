namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// summary.json of an MDI network run (contract, documented in README): per user pair the yields and error yields of every
/// intensity pair, QBER_Z, QBER_X, s11, e11^ph and the finite-key rate (seed 002 Eqs. (1)-(4)), plus four-fold coincidence
/// counts per pair of pairs. Field names are stable; new fields are only added.
/// </summary>
public sealed class MdiRunSummary() : SummaryEnvelope<MdiRunInfo>(KindNames.Mdi)
{
    public MdiRunSummary(string command, MdiRunManifest m) : this() => SetIdentity(command, m.ScenarioName, m.ScenarioHash, m.Seed);

    public override bool WasInterrupted() => Interrupted;

    public string Mode { get; set; } = "fast";
    public double ClockRateHz { get; set; }
    public double RequestedDurationS { get; set; }
    public long SimulatedSlots { get; set; }
    public double SimulatedTimeS { get; set; }
    public bool Interrupted { get; set; }
    public double Epsilon { get; set; }
    public double ErrorCorrectionEfficiency { get; set; }
    /// <summary>Names of the intensity levels in index order (four-intensity protocol: z, y, x, o).</summary>
    public string[] IntensityNames { get; set; } = Array.Empty<string>();
    public List<MdiPairSummary> Pairs { get; set; } = new();
    /// <summary>Four-folds per pair of pairs; null from the model engine (it does not model them).</summary>
    public List<MdiFourFoldSummary>? FourFold { get; set; } = new();
    /// <summary>Mean over user pairs of the finite-key rate (paper's zero-count treatment), bit/s.</summary>
    public double AverageKeyRateBitPerS { get; set; }
    /// <summary>Same with the rigorous treatment of a zero vacuum-vacuum count.</summary>
    public double AverageKeyRateBitPerSRigorous { get; set; }
    /// <summary>Mean four-fold count (and rate) over pairs of pairs; null from the model engine.</summary>
    public double? FourFoldAverageCount { get; set; }
    public double? FourFoldAverageRateHz { get; set; }


    public static MdiRunSummary FromJson(string json) => JsonContract.FromJson<MdiRunSummary>(json, RunsJson.Indented);
}

/// <summary>One user pair (BSM module).</summary>
public sealed class MdiPairSummary
{
    public int Module { get; set; }
    public string Name { get; set; } = "";
    public string UserA { get; set; } = "";
    public string UserB { get; set; } = "";
    public int ItuChannel { get; set; }
    public double LossDb { get; set; }
    /// <summary>Pulse pairs sent by the pair (= simulated slots).</summary>
    public long PulsePairs { get; set; }
    /// <summary>Two-fold coincidences (model engine: expected, rounded, like every count of its summary).</summary>
    public long TwoFold { get; set; }
    /// <summary>Two-folds with both clicks in the same time bin (HOM-type, not |Psi->).</summary>
    public long SameBin { get; set; }
    public long PsiMinus { get; set; }
    /// <summary>Per intensity pair "lr" (e.g. "zz", "xo"): counts, N_lr = N p_l p_r, yield S_lr, errors, error yield.</summary>
    public Dictionary<string, MdiYield> Yields { get; set; } = new();
    public double QberZ { get; set; }
    public double QberX { get; set; }
    public double S11 { get; set; }
    /// <summary>e11^ph,U as the bound gives it (seed 002 constraint (iv)); may exceed 1 (README: MDI summary).</summary>
    public double E11Ph { get; set; }
    /// <summary>min(E11Ph, 1): the bound as an error rate. Any value &gt;= 1/2 gives no key.</summary>
    public double E11PhPhysical { get; set; }
    public double KeyRatePerPulse { get; set; }
    public double KeyRateBitPerS { get; set; }
    public double S11Rigorous { get; set; }
    public double E11PhRigorous { get; set; }
    /// <summary>min(E11PhRigorous, 1).</summary>
    public double E11PhRigorousPhysical { get; set; }
    public double KeyRatePerPulseRigorous { get; set; }
    public double KeyRateBitPerSRigorous { get; set; }
    /// <summary>Why no key-rate analysis ran (e.g. no zz counts in a short run); empty when it did.</summary>
    public string AnalysisError { get; set; } = "";
    /// <summary>Ground truth: two-folds with a dark count behind a click; null from the model engine.</summary>
    public long? TruthDarkInvolved { get; set; }
}

/// <summary>Counts and yields of one intensity pair.</summary>
public sealed class MdiYield
{
    public long Count { get; set; }
    public double PulsePairs { get; set; }
    public double Yield { get; set; }
    public long Errors { get; set; }
    public double ErrorYield { get; set; }
}

/// <summary>Four-fold events of two user pairs (two modules both announcing |Psi-> within the window).</summary>
public sealed class MdiFourFoldSummary
{
    public string Pairs { get; set; } = "";
    public int ModuleA { get; set; }
    public int ModuleB { get; set; }
    /// <summary>True when the two pairs share a user (with shared encoders their settings are correlated).</summary>
    public bool ShareUser { get; set; }
    public long Count { get; set; }
    public double RateHz { get; set; }
}

/// <summary>Cost of the run (not part of the physics; varies between machines).</summary>
public sealed class MdiRunInfo
{
    public double WallTimeS { get; set; }
    /// <summary>Two-fold coincidences tallied (model engine: expected, rounded).</summary>
    public long Coincidences { get; set; }
    public long ModuleSlotsSampled { get; set; }
    /// <summary>Coincidences tallied per wall second; null from the model engine (it tallies none).</summary>
    public double? CoincidencesPerWallSecond { get; set; }
    /// <summary>Independent sessions (shards) the run was split into, 1 for a single session.</summary>
    public int Shards { get; set; } = 1;
    public string LogFile { get; set; } = "";
    /// <summary>True when `analyze` read a log whose footer has no content hash (a lab log, not verified); false otherwise.</summary>
    public bool LabLog { get; set; }
}
