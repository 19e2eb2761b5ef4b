using QkdNetSim.Core.Units;
using QkdNetSim.Optics.Drift;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>Sets one user's <see cref="LinkState"/> (in practice <see cref="AccessNetworkEngine.SetLinkState"/>).</summary>
public delegate void LinkStateSetter(int user, in LinkState state);

/// <summary>
/// One active user's link, as drifts, controllers and the schedule leave it: true drift states, the transmitter's
/// corrections and probe dithers, and the schedule's join/leave, cut and extra loss of the drop.
/// </summary>
public sealed class ControlledLink
{
    public ControlledLink(AccessUser user)
    {
        User = user;
        Joined = user.Active;
    }

    public AccessUser User { get; }

    // True drift states (Optics/Drift).
    /// <summary>Interferometer phase phi relative to the receiver, rad.</summary>
    public double PhaseRad { get; set; }
    /// <summary>Arrival-time change from fibre temperature (round trip with the receiver's clock), ps.</summary>
    public double ArrivalDriftPs { get; set; }
    /// <summary>Misalignment psi of the polarizing splitters, rad.</summary>
    public double PolarizationAngleRad { get; set; }
    /// <summary>Relative source intensity r.</summary>
    public double IntensityFactor { get; set; } = 1;

    // Transmitter corrections and probe dithers (controllers).
    public double PhaseBiasRad { get; set; }
    public double PhaseDitherRad { get; set; }
    public double DelayCorrectionPs { get; set; }
    public double DelayDitherPs { get; set; }
    public double PolarizationCorrectionRad { get; set; }
    public double PolarizationDitherRad { get; set; }

    // Schedule.
    public bool Joined { get; set; }
    public bool DropCut { get; set; }
    /// <summary>Extra loss on the drop (a bend), dB.</summary>
    public double DropExtraLossDb { get; set; }

    /// <summary>Arrival offset from the gate centre without the probe dither: static + drift - correction, ps.</summary>
    public double TimingResidualPs => User.TimingOffsetPs + ArrivalDriftPs - DelayCorrectionPs;

    /// <summary>Phase residual without the probe dither: phi - bias, rad.</summary>
    public double PhaseResidualRad => PhaseRad - PhaseBiasRad;

    /// <summary>Polarization residual without the probe dither: psi - correction, rad.</summary>
    public double PolarizationResidualRad => PolarizationAngleRad - PolarizationCorrectionRad;
}

/// <summary>
/// The combining step: turns each active user's <see cref="ControlledLink"/> (true drift states, controller corrections,
/// dithers, schedule) into the <see cref="LinkState"/> the engine applies:
/// PhaseErrorRad = phi - bias - dither; TimingOffsetPs = static offset + drift - correction - dither;
/// PolarizationOverlap = cos^2(psi - correction - dither) (Optics/Drift/PolarizationDrift); IntensityFactor = r;
/// TransmittanceFactor = 0 when the drop or the feeder is cut, else 10^(-(feeder + drop extra loss)/10); Active = joined.
/// Inactive users of the scenario are never touched (their nominal state stays). Every process that changes a link
/// calls <see cref="Apply"/> for it; the engine ignores a state equal to the current one.
/// </summary>
public sealed class LinkComposer
{
    private readonly LinkStateSetter _set;
    private readonly ControlledLink?[] _links;

    public LinkComposer(IReadOnlyList<AccessUser> users, LinkStateSetter set)
    {
        _set = set ?? throw new ArgumentNullException(nameof(set));
        _links = users.Select(u => u.Active ? new ControlledLink(u) : null).ToArray();
    }

    /// <summary>Users of the scenario (active or not).</summary>
    public int UserCount => _links.Length;

    /// <summary>Link of user <paramref name="user"/>; null for a user inactive in the scenario.</summary>
    public ControlledLink? Link(int user) => _links[user];

    /// <summary>The active users' links, by user index.</summary>
    public IEnumerable<ControlledLink> Links => _links.OfType<ControlledLink>();

    public bool FeederCut { get; set; }

    /// <summary>Extra loss on the shared feeder (a bend), dB.</summary>
    public double FeederExtraLossDb { get; set; }

    /// <summary>The state the engine applies for <paramref name="link"/> now.</summary>
    public LinkState StateOf(ControlledLink link) => new(
        Active: link.Joined,
        TransmittanceFactor: FeederCut || link.DropCut ? 0 : Decibels.ToTransmittance(FeederExtraLossDb + link.DropExtraLossDb),
        PhaseErrorRad: link.PhaseResidualRad - link.PhaseDitherRad,
        TimingOffsetPs: link.TimingResidualPs - link.DelayDitherPs,
        PolarizationOverlap: PolarizationDrift.OverlapAt(link.PolarizationResidualRad - link.PolarizationDitherRad),
        IntensityFactor: link.IntensityFactor);

    /// <summary>Hands <paramref name="link"/>'s state to the engine.</summary>
    public void Apply(ControlledLink link) => _set(link.User.Index, StateOf(link));

    /// <summary>Hands every active user's state to the engine.</summary>
    public void ApplyAll()
    {
        foreach (var l in Links) Apply(l);
    }
}
