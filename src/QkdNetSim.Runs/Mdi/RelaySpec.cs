namespace QkdNetSim.Runs.Mdi;

/// <summary>
/// The untrusted relay (seed 002 Fig. 2h): one DEMUX per user fibre routing each wavelength to a BSM module, each module a
/// 50:50 beam splitter and two SNSPDs.
/// </summary>
public sealed class RelaySpec
{
    /// <summary>Insertion loss of a relay DEMUX port, dB (added to every user's path into every module).</summary>
    public double DemuxInsertionLossDb { get; set; }
    /// <summary>Excess loss of a module's beam splitter beyond its ideal 50:50 split, dB (added to both inputs).</summary>
    public double BeamSplitterExcessLossDb { get; set; }
    /// <summary>Model of both detectors of every module that does not set its own (`model:` include allowed).</summary>
    public SnspdSpec Detector { get; set; } = new();
}
