namespace QkdNetSim.Core.Records;

/// <summary>Ground truth: what physically produced a detector click. Analyzers never read it.</summary>
public enum DetectionCause : byte
{
    /// <summary>At least one photon of the pulse sent in this gate was detected.</summary>
    SignalPhoton = 0,
    /// <summary>Thermal/tunnelling dark count of the detector in this gate.</summary>
    DarkCount = 1,
    /// <summary>Release of a carrier trapped during an earlier avalanche of the same detector.</summary>
    Afterpulse = 2,
    /// <summary>Spurious click caused by an avalanche a few gates earlier (late photons, electronic ringing).</summary>
    Crosstalk = 3,
    /// <summary>No ground truth (a log from a lab, or a tool that does not know): the truth_cause column was absent.</summary>
    Unknown = 4,
}
