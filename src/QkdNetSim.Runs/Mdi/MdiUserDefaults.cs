namespace QkdNetSim.Runs.Mdi;

/// <summary>The values an <see cref="MdiUserSpec"/> takes for the keys it leaves out; one place for validator and builder.</summary>
public static class MdiUserDefaults
{
    /// <summary>Prefix of a user's default DEMUX name.</summary>
    public const string DemuxPrefix = "DEMUX-";

    /// <summary>The relay DEMUX the user's fibre enters: its own `demux`, else "DEMUX-" + name.</summary>
    public static string DemuxOf(MdiUserSpec user) => user.Demux ?? DemuxPrefix + user.Name;

    /// <summary>The ITU channels the user sends: its own `channels`, else every comb line.</summary>
    public static IReadOnlyList<int> ChannelsOf(MdiUserSpec user, CombSpec comb) => user.Channels ?? comb.Lines;

    /// <summary>The user's delay drift: its own `drift.delay` (already merged over the network's), else the network's; null: none.</summary>
    public static MdiDelayDriftSpec? DelayDriftOf(MdiUserSpec user, MdiScenarioFile s) => user.Drift?.Delay ?? s.Drift?.Delay;
}
