using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>What a schedule event does to a link (issue 12: users join and leave, a link is cut and restored, a bend appears).</summary>
public enum LinkAction { Join, Leave, Cut, Restore, LossStep }

/// <summary>
/// One schedule event at <paramref name="AtS"/>: on the drops of <paramref name="Users"/>, or on the shared feeder when
/// <paramref name="Users"/> is null (join/leave of the feeder means every user). LossStep sets the extra loss of the drop or
/// feeder to <paramref name="LossDb"/> (0 removes the bend; not cumulative).
/// </summary>
public sealed record LinkEvent(double AtS, LinkAction Action, IReadOnlyList<int>? Users, double LossDb = 0);

/// <summary>
/// The schedule as a kernel process: each event at its time, in time order (equal times in list order). A user whose
/// first event is a join starts out of the network (inactive from time 0), so join and leave need users active in the
/// scenario (they own a time bin). An event at t changes the engine from gate ceil(t / gate period) on.
/// </summary>
public sealed class LinkSchedule
{
    private readonly LinkComposer _composer;

    public LinkSchedule(IEnumerable<LinkEvent> events, LinkComposer composer)
    {
        _composer = composer;
        Events = events.Select((e, i) => (e, i)).OrderBy(x => x.e.AtS).ThenBy(x => x.i).Select(x => x.e).ToArray();
        foreach (var e in Events)
        {
            if (!(e.AtS >= 0) || !double.IsFinite(e.AtS)) throw new ArgumentOutOfRangeException(nameof(events), e.AtS, "event time must be finite and >= 0 s");
            if (!(e.LossDb >= 0) || !double.IsFinite(e.LossDb)) throw new ArgumentOutOfRangeException(nameof(events), e.LossDb, "loss must be finite and >= 0 dB");
            foreach (var l in LinksOf(e))
                if (l is null) throw new ArgumentException("schedule events name users active in the scenario", nameof(events));
        }
        foreach (var link in composer.Links)
            if (Events.FirstOrDefault(e => Affects(e, link)) is { Action: LinkAction.Join }) link.Joined = false;
    }

    public IReadOnlyList<LinkEvent> Events { get; }

    private IEnumerable<ControlledLink?> LinksOf(LinkEvent e) =>
        e.Users is null ? _composer.Links : e.Users.Select(u => u >= 0 && u < _composer.UserCount ? _composer.Link(u) : null);

    private static bool Affects(LinkEvent e, ControlledLink link) =>
        e.Action is LinkAction.Join or LinkAction.Leave && (e.Users is null || e.Users.Contains(link.User.Index));

    /// <summary>Applies one event to the links (without handing them to the engine).</summary>
    public void Do(LinkEvent e)
    {
        if (e.Users is null)
        {
            switch (e.Action)
            {
                case LinkAction.Cut: _composer.FeederCut = true; return;
                case LinkAction.Restore: _composer.FeederCut = false; return;
                case LinkAction.LossStep: _composer.FeederExtraLossDb = e.LossDb; return;
            }
        }
        foreach (var link in LinksOf(e))
        {
            switch (e.Action)
            {
                case LinkAction.Join: link!.Joined = true; break;
                case LinkAction.Leave: link!.Joined = false; break;
                case LinkAction.Cut: link!.DropCut = true; break;
                case LinkAction.Restore: link!.DropCut = false; break;
                case LinkAction.LossStep: link!.DropExtraLossDb = e.LossDb; break;
            }
        }
    }

    /// <summary>The kernel process: applies the initial join states at time 0, then each event at its time.</summary>
    public IEnumerable<Await> Run(StepSession session)
    {
        _composer.ApplyAll();
        foreach (var e in Events)
        {
            long atPs = (long)Math.Round(e.AtS * Periods.PsPerSecond);
            if (atPs > session.Environment.NowPs) yield return Await.Timeout(atPs - session.Environment.NowPs);
            if (session.Stopping) yield break;
            Do(e);
            _composer.ApplyAll();
        }
    }
}
