namespace QkdNetSim.Runs.Access;

// Scenario file schema (YAML, camelCase keys). Every field below is a key a user may set in a scenario
// or model file, or override with `--set dotted.path=value`. Units are in the names.
// Defaults are the seed-004 (Froehlich et al., Nature 501, 69 (2013)) Methods values.

/// <summary>Root of a scenario: one QKD network session.</summary>
public sealed class ScenarioFile
{
    public string Name { get; set; } = "scenario";
    public string Description { get; set; } = "";
    /// <summary>Root seed: every component's random stream derives from it.</summary>
    public ulong Seed { get; set; } = 1;
    /// <summary>Simulated session length (key session), seconds.</summary>
    public double DurationS { get; set; } = 1.0;
    /// <summary>
    /// Epoch length, simulated seconds (issue 14): the session's random streams are keyed by epoch, so a static session's
    /// epochs run in parallel with the same numbers for any number of workers. Part of the model: another value gives other draws.
    /// Absent means <see cref="DefaultEpochS"/> (and is not written into the canonical text, so scenario hashes stay as they were).
    /// </summary>
    public double? EpochS { get; set; }

    public const double DefaultEpochS = 1.0;
    /// <summary>
    /// "fast" (skip-ahead, cost per detection), "perPulse" (reference: every gate stepped) or "blocks" (block sampling: counts
    /// drawn per span of constant parameters, cost independent of gates and clicks; no detections log).
    /// </summary>
    public string Mode { get; set; } = "fast";
    public ReceiverSpec Receiver { get; set; } = new();
    public CombinerSpec Combiner { get; set; } = new();
    /// <summary>Fields applied to every user that does not set them itself.</summary>
    public UserSpec UserDefaults { get; set; } = new();
    /// <summary>Explicit users (slot/port default to the list index).</summary>
    public List<UserSpec> Users { get; set; } = new();
    /// <summary>If larger than Users.Count, users are generated from UserDefaults up to this count (slot = port = index). 0: use the list.</summary>
    public int UserCount { get; set; }
    /// <summary>If >= 0, exactly the first ActiveUsers users are active (overrides each user's Active). -1: use each user's Active.</summary>
    public int ActiveUsers { get; set; } = -1;
    public AnalysisSpec Analysis { get; set; } = new();
    public LogSpec Log { get; set; } = new();
    /// <summary>timeseries.parquet, one row per active user and block (<see cref="TimeSeriesSpec"/>); absent: on, 1200 s blocks.</summary>
    public TimeSeriesSpec? Timeseries { get; set; }
    /// <summary>Drifts of every active user's link (<see cref="DriftSpec"/>); absent: static devices.</summary>
    public DriftSpec? Drift { get; set; }
    /// <summary>Each transmitter's stabilizers (<see cref="ControlSpec"/>); absent: none.</summary>
    public ControlSpec? Control { get; set; }
    /// <summary>Joins, leaves, cuts, restores and loss steps in time (<see cref="ScheduleEventSpec"/>); absent: none.</summary>
    public List<ScheduleEventSpec>? Schedule { get; set; }
}

/// <summary>The shared receiver at the network node: interferometer + two gated detectors (seed 004 Methods).</summary>
public sealed class ReceiverSpec
{
    /// <summary>Detector gate rate (master clock), Hz. Each user's transmitter runs at GateRateHz / TimeBins.</summary>
    public double GateRateHz { get; set; } = 1.0e9;
    /// <summary>N: number of time bins = network capacity; gate g belongs to bin g mod N.</summary>
    public int TimeBins { get; set; } = 8;
    /// <summary>Optical loss of the receiver's decoding interferometer and optics, dB (eta_Bob = eff * 10^(-loss/10)).</summary>
    public double InterferometerLossDb { get; set; } = 2.2;
    /// <summary>e_opt: probability that a detected photon exits the wrong port for matching bases (encoding imperfection, visibility).</summary>
    public double OpticalError { get; set; } = 0.005;
    /// <summary>Probability that the receiver measures in basis 0 (phase 0); basis 1 (phase pi/2) otherwise.</summary>
    public double Basis0Probability { get; set; } = 0.5;
    /// <summary>Temporal detection window FWHM of a gate, ps: a pulse misaligned by dt is detected with efficiency exp(-4 ln2 dt^2 / fwhm^2).</summary>
    public double GateWindowFwhmPs { get; set; } = 200;
    /// <summary>
    /// Delay between the interferometers' short and long arms, ps: polarization misalignment puts non-interfering satellites
    /// this far before and after the pulse. Absent: half the gate period (seed 004 does not give it; satellites then fall between gates).
    /// </summary>
    public double? InterferometerDelayPs { get; set; }
    /// <summary>Both detectors share this model (file reference allowed: `model: path.yaml`).</summary>
    public DetectorSpec Detector { get; set; } = new();
}

/// <summary>Gated InGaAs avalanche photodiode (self-differencing, 1 GHz), with measured quantities as a lab reports them.</summary>
public sealed class DetectorSpec
{
    /// <summary>Single-photon detection efficiency at the gate centre, [0,1].</summary>
    public double Efficiency { get; set; } = 0.15;
    /// <summary>Measured dark-count probability per gate per detector (with no light; includes the darks' own afterpulses), [0,1].</summary>
    public double DarkCountProbabilityPerGate { get; set; } = 8.0e-6;
    /// <summary>p_A: measured afterpulse probability = afterpulse clicks per photon click, all later gates, cascades included, [0,1).</summary>
    public double AfterpulseProbability { get; set; } = 0.045;
    /// <summary>Trap lifetimes of the afterpulse delay distribution (sum of exponentials), ns.</summary>
    public List<double> AfterpulseTrapLifetimesNs { get; set; } = new() { 2000.0 };
    /// <summary>Weights of the trap lifetimes, summing to 1.</summary>
    public List<double> AfterpulseTrapWeights { get; set; } = new() { 1.0 };
    /// <summary>Gates after a click during which the detector is blind (dead time / hold-off); 0 for a self-differencing APD.</summary>
    public int HoldoffGates { get; set; }
    /// <summary>Gate-to-gate crosstalk: total probability that a click causes a spurious click in one of the following gates, [0,1).</summary>
    public double CrosstalkProbability { get; set; } = 0.019;
    /// <summary>e-folding of the crosstalk over gate separation, gates: P(separation d) proportional to exp(-(d-1)/decay), d >= 1.</summary>
    public double CrosstalkDecayGates { get; set; } = 1.0;
}

/// <summary>The passive element joining the users' fibres to the receiver fibre.</summary>
public sealed class CombinerSpec
{
    /// <summary>"splitter" (passive 1xN power splitter) or "dwdm" (thin-film DWDM multiplexer).</summary>
    public string Type { get; set; } = "splitter";
    public int Ports { get; set; } = 8;
    /// <summary>Insertion loss of a port, dB (splitter: measured 9.7/13/16.1/19.5 dB for 8/16/32/64; dwdm: ~2.5 dB).</summary>
    public double InsertionLossDb { get; set; } = 9.7;
    /// <summary>DWDM only: ITU 100 GHz channel number of each port, in port order (e.g. 33, 34, ...). Empty: port i = channel FirstChannel + i.</summary>
    public List<int> PortChannels { get; set; } = new();
    public int FirstChannel { get; set; } = 33;
    /// <summary>DWDM only: extra loss for light one channel away from the port's channel, dB.</summary>
    public double AdjacentChannelIsolationDb { get; set; } = 25;
    /// <summary>DWDM only: extra loss for light two or more channels away, dB.</summary>
    public double NonAdjacentChannelIsolationDb { get; set; } = 40;
}

/// <summary>One user's quantum transmitter and access fibre.</summary>
public sealed class UserSpec
{
    public string? Name { get; set; }
    /// <summary>Time bin owned by the user, in [0, TimeBins). Default: list index.</summary>
    public int? Slot { get; set; }
    /// <summary>Combiner port the user's fibre is wired to, in [0, Ports). Default: list index.</summary>
    public int? Port { get; set; }
    public bool? Active { get; set; }
    public double? FibreLengthKm { get; set; }
    public double? FibreLossDbPerKm { get; set; }
    /// <summary>Any other loss on the user's path (connectors, FBG), dB.</summary>
    public double? ExtraLossDb { get; set; }
    /// <summary>Emission wavelength as an ITU 100 GHz channel number (matters for a DWDM combiner). Default: the port's channel.</summary>
    public int? ItuChannel { get; set; }
    /// <summary>Residual misalignment of the pulses to the gate centre, ps; |offset| must be below half a gate period.</summary>
    public double? TimingOffsetPs { get; set; }
    /// <summary>Per-transmitter optical error; default: the receiver's OpticalError.</summary>
    public double? OpticalError { get; set; }
    public SourceSpec? Source { get; set; }
}

/// <summary>Weak coherent decoy-state source: intensity levels (mean photon number) and their probabilities.</summary>
public sealed class SourceSpec
{
    /// <summary>Mean photon numbers, signal first: [signal, decoy, vacuum].</summary>
    public List<double> Intensities { get; set; } = new() { 0.5, 0.1, 0.0002 };
    public List<double> Probabilities { get; set; } = new() { 0.9883, 0.0078, 0.0039 };
    /// <summary>Probability that the user encodes in basis 0 (phases 0, pi); basis 1 (pi/2, 3pi/2) otherwise.</summary>
    public double Basis0Probability { get; set; } = 0.5;
}

public sealed class AnalysisSpec
{
    /// <summary>Overall security parameter eps (secrecy; correctness uses the same value).</summary>
    public double Epsilon { get; set; } = 1e-10;
    /// <summary>f_EC: error-correction inefficiency (leak = f_EC * n * h(E)).</summary>
    public double ErrorCorrectionEfficiency { get; set; } = 1.1;
}
