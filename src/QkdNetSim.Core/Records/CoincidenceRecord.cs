namespace QkdNetSim.Core.Records;

/// <summary>
/// One two-fold coincidence of a Bell-state-measurement (BSM) module: in one pulse-pair slot both detectors of the
/// module registered a click inside a time-bin window (seed 002: "coincidence counts between two different detectors in
/// different time bins ... project onto |Psi->"; same-bin coincidences are the HOM events). One row of
/// coincidences.parquet. Observable fields first; truth_* fields are ground truth and never read by analyzers.
/// </summary>
/// <remarks>Blittable struct: column buffers hold them without per-event allocation.</remarks>
public struct CoincidenceRecord
{
    /// <summary>Pulse-pair slot index (slot k starts at k x clock period).</summary>
    public long Slot;
    /// <summary>BSM module index (network order, e.g. 0 = AB ... 5 = CD in the four-user network).</summary>
    public short Module;
    /// <summary>Time tag of detector 0's click, ps since session start, quantised to the logic's resolution.</summary>
    public long TimeD0Ps;
    /// <summary>Time tag of detector 1's click, ps since session start, quantised to the logic's resolution.</summary>
    public long TimeD1Ps;
    /// <summary>Time bin of detector 0's first in-window click: 0 = early, 1 = late.</summary>
    public byte BinD0;
    /// <summary>Time bin of detector 1's first in-window click: 0 = early, 1 = late.</summary>
    public byte BinD1;
    /// <summary>In-window clicks beyond the first per detector (possible only when dead time &lt; bin separation); Psi- needs 0.</summary>
    public byte ExtraClicks;
    /// <summary>Left user's intensity index (four-intensity protocol: 0 = z, 1 = y, 2 = x, 3 = o).</summary>
    public sbyte IntensityA;
    /// <summary>Right user's intensity index.</summary>
    public sbyte IntensityB;
    /// <summary>Left user's basis: 0 = Z (time bins), 1 = X (phase 0/pi on the late bin).</summary>
    public sbyte BasisA;
    /// <summary>Right user's basis.</summary>
    public sbyte BasisB;
    /// <summary>Left user's bit (Z: 0 = early, 1 = late; X: 0 = |+>, 1 = |->).</summary>
    public sbyte BitA;
    /// <summary>Right user's bit.</summary>
    public sbyte BitB;
    /// <summary>Ground truth: cause of detector 0's logged click (signal photon or dark count).</summary>
    public DetectionCause TruthCauseD0;
    /// <summary>Ground truth: cause of detector 1's logged click.</summary>
    public DetectionCause TruthCauseD1;
    /// <summary>Ground truth: photons that reached detector 0 in the slot (both bins, before efficiency-free counting: detected photons).</summary>
    public short TruthPhotonsD0;
    /// <summary>Ground truth: photons detected by detector 1 in the slot.</summary>
    public short TruthPhotonsD1;

    /// <summary>
    /// Successful |Psi-> projection: one click in the early bin on one detector and one in the late bin on the other,
    /// and no further in-window click (seed 002 main text).
    /// </summary>
    public readonly bool IsPsiMinus => BinD0 != BinD1 && ExtraClicks == 0;
}
