namespace QkdNetSim.Runs.Access;

// summary.json schema: a public contract (README "summary.json"). Extend, never rename.

/// <summary>Root of summary.json.</summary>
public sealed class RunSummary() : SummaryEnvelope<RunInfo>(KindNames.Access)
{
    /// <param name="command">"run" when written by `qkdnetsim run`, "analyze" when recomputed from a log.</param>
    public RunSummary(string command, RunManifest m) : this() => SetIdentity(command, m.ScenarioName, m.ScenarioHash, m.Seed);

    public override bool WasInterrupted() => Run.Interrupted;
    public List<UserSummary> Users { get; set; } = new();
    public List<BinSummary> Bins { get; set; } = new();
    /// <summary>Ground truth (from the simulator or the log's truth_* columns); never used by the analysis. Null for the model engine.</summary>
    public TruthSummary? Truth { get; set; } = new();


    public static RunSummary FromJson(string json) => JsonContract.FromJson<RunSummary>(json, RunsJson.Indented);
}

public sealed class RunInfo
{
    public string ScenarioName { get; set; } = "";
    public string ScenarioHash { get; set; } = "";
    public ulong Seed { get; set; }
    public string Mode { get; set; } = "fast";
    public double GateRateHz { get; set; }
    public int TimeBins { get; set; }
    public double TransmitterRateHz { get; set; }
    public int ActiveUsers { get; set; }
    public double RequestedDurationS { get; set; }
    public double SimulatedTimeS { get; set; }
    public long SimulatedGates { get; set; }
    public bool Interrupted { get; set; }
    /// <summary>Detection events processed: click rows (a double click counts two). Null for the model engine (it processes none).</summary>
    public long? EventsProcessed { get; set; }
    public long DetectionGates { get; set; }
    /// <summary>Kernel events of the simulation; null for the model engine.</summary>
    public long? KernelEvents { get; set; }
    /// <summary>Wall-clock seconds of the run (for `analyze`: of the analysis; for the model engine: of the model).</summary>
    public double WallTimeS { get; set; }
    /// <summary>EventsProcessed / WallTimeS; null for the model engine.</summary>
    public double? EventsPerWallSecond { get; set; }
    public double Epsilon { get; set; }
    public double ErrorCorrectionEfficiency { get; set; }
    /// <summary>True when `analyze` read a log whose footer has no content hash (a lab log, not verified); false otherwise.</summary>
    public bool LabLog { get; set; }
}

public sealed class UserSummary
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public int Slot { get; set; }
    public bool Active { get; set; }
    public double ChannelLossDb { get; set; }
    public double[] Intensities { get; set; } = Array.Empty<double>();
    public double[] IntensityProbabilities { get; set; } = Array.Empty<double>();
    /// <summary>Pulses sent per intensity.</summary>
    public long[] EmittedPulses { get; set; } = Array.Empty<long>();
    /// <summary>Gates with at least one click, per intensity (all bases).</summary>
    public long[] Detections { get; set; } = Array.Empty<long>();
    public long[] ClickRows { get; set; } = Array.Empty<long>();
    public long DoubleClicks { get; set; }
    public long SiftedBits { get; set; }
    /// <summary>[basis][intensity] sifted bits.</summary>
    public long[][] SiftedBitsPerBasisIntensity { get; set; } = Array.Empty<long[]>();
    public long[][] ErrorsPerBasisIntensity { get; set; } = Array.Empty<long[]>();
    /// <summary>[basis][intensity] QBER.</summary>
    public double[][] QberPerBasisIntensity { get; set; } = Array.Empty<double[]>();
    /// <summary>QBER of the signal intensity, both bases (what seed 004 reports).</summary>
    public double QberSignal { get; set; }
    /// <summary>QBER of all sifted bits.</summary>
    public double QberAll { get; set; }
    public DecoyEstimates DecoyFinite { get; set; } = new();
    public DecoyEstimates DecoyAsymptotic { get; set; } = new();
    /// <summary>Finite-key secret key length of the session, bits (may be negative: no key).</summary>
    public double FiniteKeyLengthBits { get; set; }
    /// <summary>Finite-key secret key rate over the session, bit/s.</summary>
    public double SecretKeyRateBitPerS { get; set; }
    /// <summary>
    /// Asymptotic rate of the observed counts: GLLP with the smaller of two single-photon error bounds, each from noisy counts, so a
    /// short run's value is biased high (the minimum of two noisy estimates). Kept as it was; see <see cref="AsymptoticKeyRateExpectedBitPerS"/>.
    /// </summary>
    public double AsymptoticKeyRateBitPerS { get; set; }
    /// <summary>
    /// Asymptotic rate of the same user's expected counts (the model engine's <see cref="QkdNetSim.Protocols.AccessNetwork.ExpectedCountsModel"/>, static network of the
    /// run's scenario, same session, epsilon and f_EC): no count noise. Null when no model is at hand (a lab log, an unanalysed user).
    /// </summary>
    public double? AsymptoticKeyRateExpectedBitPerS { get; set; }
    /// <summary>Gains Q[b][k] per sifted pulse.</summary>
    public double[][]? Gains { get; set; }
    /// <summary>Asymptotic MQZL vacuum and single-photon yields per basis.</summary>
    public double[]? Y0Lower { get; set; }
    public double[]? Y1Lower { get; set; }
}

/// <summary>Decoy-state estimates per basis (index = basis the key block comes from).</summary>
public sealed class DecoyEstimates
{
    /// <summary>Lower bound on sifted bits from vacuum pulses (Q0 term).</summary>
    public double[] VacuumBitsLower { get; set; } = Array.Empty<double>();
    /// <summary>Lower bound on sifted bits from single-photon pulses (Q1 term).</summary>
    public double[] SinglePhotonBitsLower { get; set; } = Array.Empty<double>();
    /// <summary>Single-photon bit error rate e1 estimated in that basis.</summary>
    public double[] SinglePhotonErrorRate { get; set; } = Array.Empty<double>();
    /// <summary>Upper bound on the phase error rate of the block's single-photon bits.</summary>
    public double[] PhaseErrorUpper { get; set; } = Array.Empty<double>();
    public double[] LeakEcBits { get; set; } = Array.Empty<double>();
    public double[] BlockLengthBits { get; set; } = Array.Empty<double>();
}

public sealed class BinSummary
{
    public int Bin { get; set; }
    public int User { get; set; }
    public long ClickRows { get; set; }
    public long NoiseClickRows { get; set; }
}

public sealed class TruthSummary
{
    public long SignalPhoton { get; set; }
    public long DarkCount { get; set; }
    public long Afterpulse { get; set; }
    public long Crosstalk { get; set; }
}
