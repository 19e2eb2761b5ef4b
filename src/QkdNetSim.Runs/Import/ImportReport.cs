using System.Globalization;

namespace QkdNetSim.Runs.Import;

/// <summary>What an import read, wrote and left out: printed by `qkdnetsim import` (a lab checks its channel map and clock by it).</summary>
public sealed class ImportReport
{
    public string Kind { get; init; } = "";
    /// <summary>The published log.</summary>
    public string LogPath { get; set; } = "";
    /// <summary>Tags (access, MDI) or sample rows (CV) read.</summary>
    public long InputRows { get; set; }
    /// <summary>Rows written to the log (clicks, coincidences, samples).</summary>
    public long LogRows { get; set; }
    /// <summary>Tags of channels the setup does not name (and, with fit: sync, the sync tags).</summary>
    public long OtherChannelTags { get; set; }
    /// <summary>Clicks before gate/slot 0 or after the session, left out.</summary>
    public long OutsideSessionTags { get; set; }
    /// <summary>Access: a second click of the same bit in one gate, or a click of the other basis than the gate's first (passive basis choice), left out.</summary>
    public long MultiClickTags { get; set; }
    /// <summary>MDI: clicks outside both time-bin windows of their slot.</summary>
    public long OutOfWindowTags { get; set; }
    /// <summary>Settings records read.</summary>
    public long SettingsRecords { get; set; }
    public double PeriodPs { get; set; }
    public double OffsetPs { get; set; }
    public string Fit { get; set; } = "none";
    public long FitTags { get; set; }
    public double FitResidualPs { get; set; }
    public double SessionS { get; set; }
    /// <summary>CV: each Bob's calibration as used, (name, N0 in raw units squared, v_el in SNU).</summary>
    public List<(string Name, double ShotNoiseUnit, double ElectronicNoiseSnu)> Calibration { get; } = new();

    /// <summary>The report as lines for the terminal.</summary>
    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return $"imported {Kind}: {LogRows.ToString("N0", c)} rows into {LogPath}";
        yield return $"  read {InputRows.ToString("N0", c)} {(Kind == "cv" ? "sample rows" : "tags")}, {SettingsRecords.ToString("N0", c)} settings records; session {SessionS.ToString("G6", c)} s";
        foreach (var (name, n0, vel) in Calibration)
            yield return $"  calibration {name}: N0 = {n0.ToString("G6", c)} raw units², v_el = {vel.ToString("G6", c)} SNU";
        if (Kind != "cv")
        {
            yield return Fit == "none"
                ? $"  clock: period {PeriodPs.ToString("G12", c)} ps, offset {OffsetPs.ToString("G12", c)} ps (as given)"
                : $"  clock: period {PeriodPs.ToString("G12", c)} ps, offset {OffsetPs.ToString("G12", c)} ps (fit: {Fit} over {FitTags.ToString("N0", c)} tags, rms residual {FitResidualPs.ToString("G4", c)} ps)";
            yield return $"  left out: {OtherChannelTags.ToString("N0", c)} tags of other channels, {OutsideSessionTags.ToString("N0", c)} outside the session"
                + (Kind == "access" ? $", {MultiClickTags.ToString("N0", c)} repeated or other-basis clicks in a gate" : $", {OutOfWindowTags.ToString("N0", c)} outside the time-bin windows");
        }
    }
}
