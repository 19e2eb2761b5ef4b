namespace QkdNetSim.Runs.Import;

// SETUP.yaml of `qkdnetsim import` (README "Importing lab data"): how a lab's time tagger and transmitters were wired and
// clocked. camelCase keys, units in the names, strict keys (a mistyped key is an error with a suggestion). One section per
// kind (`access`, `mdi`, `cv`): the one `--kind` names must be there, the others absent.

/// <summary>Root of SETUP.yaml.</summary>
public sealed class ImportSetupFile
{
    /// <summary>Name of the data set: the summary's scenarioName (default: the setup file's name without extension).</summary>
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Gate (access) or slot (MDI) clock of the tags; not used by cv.</summary>
    public ImportTimingSpec Timing { get; set; } = new();
    /// <summary>Session length; absent: from the transmitters' emitted totals.</summary>
    public ImportSessionSpec Session { get; set; } = new();
    /// <summary>Security settings of the finite-key analysis (access, MDI).</summary>
    public ImportAnalysisSpec Analysis { get; set; } = new();
    public ImportAccessSpec? Access { get; set; }
    public ImportMdiSpec? Mdi { get; set; }
    public ImportCvSpec? Cv { get; set; }
}

/// <summary>
/// The tagger's time axis: gate/slot k is centred (access) or starts (MDI) at offsetPs + k periodPs. With a sync channel or
/// <c>fit: data</c> the period and offset are fitted by least squares (<see cref="GateClock"/>), periodPs being the nominal value.
/// </summary>
public sealed class ImportTimingSpec
{
    /// <summary>Nominal gate (access) or slot (MDI) period of the source, ps; the manifest's rate is 1e12 / periodPs Hz.</summary>
    public double PeriodPs { get; set; }
    /// <summary>Tagger time of gate 0's centre (access) or slot 0's start (MDI), ps.</summary>
    public double OffsetPs { get; set; }
    /// <summary>none (period and offset as given) | sync (least squares over the sync channel's tags) | data (over the clicks).</summary>
    public string Fit { get; set; } = "none";
    /// <summary>fit: sync: the tagger channel of the sync tags.</summary>
    public int? SyncChannel { get; set; }
    /// <summary>fit: sync: periods between two sync tags (e.g. the access network's time bins: one sync per TDM frame).</summary>
    public long SyncEveryPeriods { get; set; } = 1;
}

public sealed class ImportSessionSpec
{
    /// <summary>Session length, s (> 0); absent: emitted pulses x time bins x period (access), emitted pulses x period (MDI).</summary>
    public double? DurationS { get; set; }
}

public sealed class ImportAnalysisSpec
{
    /// <summary>Security parameter (epsilon_sec = epsilon_cor).</summary>
    public double Epsilon { get; set; } = 1e-10;
    /// <summary>f_EC &gt;= 1; absent: the kind's scenario default (access 1.1, MDI 1.16).</summary>
    public double? ErrorCorrectionEfficiency { get; set; }
}

/// <summary>Access network (TDM): detectors of the one receiver, time bins and the transmitters that own them.</summary>
public sealed class ImportAccessSpec
{
    /// <summary>N: gate g is in time bin g mod N; transmitter pulse index p is gate p N + slot.</summary>
    public int TimeBins { get; set; }
    /// <summary>Probability that Bob measures in basis 0 (a lab with passive basis choice: its splitting ratio).</summary>
    public double BobBasis0Probability { get; set; } = 0.5;
    public List<ImportAccessDetector> Detectors { get; set; } = new();
    public List<ImportAccessUser> Users { get; set; } = new();
}

/// <summary>One detector channel of the receiver.</summary>
public sealed class ImportAccessDetector
{
    public int Channel { get; set; }
    /// <summary>The bit a click reports (the log's detector column).</summary>
    public int Bit { get; set; }
    /// <summary>Bob's basis of a click on this channel (passive basis choice); absent on every detector: settings carry bob_basis.</summary>
    public int? Basis { get; set; }
}

/// <summary>One transmitter: its TDM slot and announced source settings.</summary>
public sealed class ImportAccessUser
{
    public string Name { get; set; } = "";
    public int Slot { get; set; }
    public List<double> Intensities { get; set; } = new();
    public List<double> Probabilities { get; set; } = new();
    public double Basis0Probability { get; set; } = 0.5;
    /// <summary>Measured channel loss, dB (provenance only: copied into the summary).</summary>
    public double ChannelLossDb { get; set; }
}

/// <summary>MDI network: users, BSM modules (two detector channels each) and the time-bin windows of a slot.</summary>
public sealed class ImportMdiSpec
{
    /// <summary>Centre of the early time bin after the slot start, ps.</summary>
    public long EarlyBinPs { get; set; }
    /// <summary>Centre of the late time bin after the slot start, ps.</summary>
    public long LateBinPs { get; set; }
    /// <summary>Width W of each time-bin window (centred on its bin: [centre - W/2, centre - W/2 + W), W/2 rounded down) and the four-fold window, ps.</summary>
    public long CoincidenceWindowPs { get; set; }
    public List<ImportMdiUser> Users { get; set; } = new();
    public List<ImportMdiModule> Modules { get; set; } = new();
}

public sealed class ImportMdiUser
{
    public string Name { get; set; } = "";
    /// <summary>Four-intensity protocol: z, y, x, o (mean photon number per qubit).</summary>
    public List<double> Intensities { get; set; } = new();
    public List<double> Probabilities { get; set; } = new();
    /// <summary>Basis of each intensity: 0 Z, 1 X.</summary>
    public List<int> Bases { get; set; } = new();
}

public sealed class ImportMdiModule
{
    public string Name { get; set; } = "";
    /// <summary>User names (setup order of users is their index).</summary>
    public string UserA { get; set; } = "";
    public string UserB { get; set; } = "";
    /// <summary>Tagger channels of the module's detectors 0 and 1.</summary>
    public int Detector0Channel { get; set; }
    public int Detector1Channel { get; set; }
    /// <summary>Provenance, copied into the summary: ITU channel and measured losses A/B to the beam splitter, dB.</summary>
    public int ItuChannel { get; set; }
    public double LossADb { get; set; }
    public double LossBDb { get; set; }
}

/// <summary>CV network: modulation, post-processing settings and each Bob's calibration.</summary>
public sealed class ImportCvSpec
{
    /// <summary>V_M of Alice's displacement quadratures, SNU.</summary>
    public double ModulationVarianceSnu { get; set; }
    public string Modulation { get; set; } = "gaussian";
    public double ReconciliationEfficiency { get; set; } = 0.956;
    public double ConfidenceStandardScore { get; set; } = 1.96;
    /// <summary>Alice's quadratures in the CSV times this factor are SNU (1: recorded in SNU).</summary>
    public double AliceSnuPerUnit { get; set; } = 1.0;
    public List<ImportCvUser> Users { get; set; } = new();
}

/// <summary>One Bob: trusted detector efficiency and the calibration records of his heterodyne detector.</summary>
public sealed class ImportCvUser
{
    public string Name { get; set; } = "";
    /// <summary>Detection efficiency eta in (0, 1].</summary>
    public double Efficiency { get; set; } = 1.0;
    /// <summary>
    /// Variance of a raw quadrature with the local oscillator on and the signal blocked (shot noise + electronic noise), raw
    /// units squared; or null when <see cref="ShotNoiseRecords"/> gives the calibration samples (the loader then sets it).
    /// </summary>
    public double? ShotNoiseVariance { get; set; }
    /// <summary>
    /// Variance of a raw quadrature with the local oscillator off (electronic noise alone), raw units squared; or null when
    /// <see cref="ElectronicNoiseRecords"/> gives the samples (the loader then sets it); neither: 0 (no electronic noise).
    /// </summary>
    public double? ElectronicNoiseVariance { get; set; }
    /// <summary>CSV `x,p` of raw quadratures recorded with the LO on and the signal blocked (path relative to SETUP.yaml).</summary>
    public string? ShotNoiseRecords { get; set; }
    /// <summary>CSV `x,p` of raw quadratures recorded with the LO off (path relative to SETUP.yaml).</summary>
    public string? ElectronicNoiseRecords { get; set; }
    /// <summary>Expected channel transmittance and excess noise (SNU): only the summary's analytic columns use them.</summary>
    public double ExpectedTransmittance { get; set; }
    public double ExpectedExcessNoiseSnu { get; set; }
}
