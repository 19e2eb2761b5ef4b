namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// One BSM module of the relay: the output port at <see cref="Channel"/> of each input user's DEMUX, a 50:50 beam splitter
/// and two detectors.
/// </summary>
public sealed class BsmModuleSpec
{
    /// <summary>Unique name, e.g. "AB".</summary>
    public string Name { get; set; } = "";
    /// <summary>Names of the two users on beam-splitter inputs a and b.</summary>
    public List<string> Inputs { get; set; } = new();
    /// <summary>ITU channel (comb line) both inputs send on; required.</summary>
    public int? Channel { get; set; }
    /// <summary>Arrival-time mismatch of input b's pulses relative to input a's, ps.</summary>
    public double RelativeDelayPs { get; set; }
    /// <summary>|&lt;pol_a|pol_b&gt;|^2 at the beam splitter, [0, 1].</summary>
    public double PolarizationOverlap { get; set; } = 1.0;
    /// <summary>
    /// Both detectors of this module, if they differ from relay.detector: keys written here replace the relay's, keys not
    /// written are taken from it (`model:` include allowed).
    /// </summary>
    public SnspdSpec? Detector { get; set; }
}
