namespace QkdNetSim.Core.Records;

/// <summary>
/// One detector click, as written to a row of detections.parquet. Observable fields first; the
/// truth_* fields are ground truth for study and are never read by the analyzers.
/// </summary>
/// <remarks>Blittable struct so a column buffer holds them without per-event allocation.</remarks>
public struct DetectionRecord
{
    /// <summary>Global gate index of the receiver (gate 0 starts at time 0).</summary>
    public long Gate;
    /// <summary>Time of the gate in integer picoseconds since the session start.</summary>
    public long TimePs;
    /// <summary>Detector that clicked (0 or 1; detector d reports bit d).</summary>
    public byte Detector;
    /// <summary>Time bin = Gate mod N, the slot the receiver's master clock assigns.</summary>
    public short TimeBin;
    /// <summary>User owning this time bin, or -1 for an empty bin.</summary>
    public short User;
    /// <summary>Receiver's measurement basis in this gate (0 = phase 0, 1 = phase pi/2).</summary>
    public byte BobBasis;
    /// <summary>User's encoding basis (0 or 1), -1 for an empty bin.</summary>
    public sbyte AliceBasis;
    /// <summary>User's bit value (0 or 1), -1 for an empty bin.</summary>
    public sbyte AliceBit;
    /// <summary>Index of the user's intensity level (0 = signal, 1 = decoy, 2 = vacuum ...), -1 for an empty bin.</summary>
    public sbyte Intensity;
    /// <summary>Ground truth: cause of the click.</summary>
    public DetectionCause TruthCause;
    /// <summary>Ground truth: photons the user emitted in this gate's pulse (-1 for an empty bin).</summary>
    public short TruthPhotons;
}
