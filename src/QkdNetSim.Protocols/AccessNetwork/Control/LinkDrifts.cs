using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Units;
using QkdNetSim.Optics.Drift;

namespace QkdNetSim.Protocols.AccessNetwork.Control;

/// <summary>
/// Which drifts a session runs and how finely they are stepped (null: that quantity does not drift). Fibre lengths for the
/// delay drift: the feeder is shared by every user, each active user's drop is its own.
/// </summary>
public sealed record LinkDriftParameters(
    double StepS,
    InterferometerPhaseDriftParameters? Phase = null,
    FibreDelayDriftParameters? Delay = null,
    PolarizationDriftParameters? Polarization = null,
    SourceIntensityDriftParameters? Intensity = null,
    double FeederLengthKm = 0,
    IReadOnlyList<double>? DropLengthsKm = null);

/// <summary>
/// The session's drift process (Optics/Drift): every <see cref="LinkDriftParameters.StepS"/> it advances each active user's
/// phase, polarization and intensity drifts and the fibre temperatures by their exact transitions, writes the true states
/// into the links and applies them. The step only sets how often the engine sees a new state (the processes are exact for
/// any step); between steps the state is constant. Streams: "user/{i}/drift/&lt;quantity&gt;", "feeder/drift/temperature".
/// </summary>
public sealed class LinkDrifts
{
    private readonly LinkComposer _composer;
    private readonly (ControlledLink Link, InterferometerPhaseDrift? Phase, PolarizationDrift? Polarization, SourceIntensityDrift? Intensity)[] _users;
    private readonly FibreDelayDrift? _delay;

    public LinkDrifts(LinkDriftParameters parameters, LinkComposer composer, int userCount, RngStreams streams)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        if (!(parameters.StepS > 0) || !double.IsFinite(parameters.StepS)) throw new ArgumentOutOfRangeException(nameof(parameters), parameters.StepS, "drift step must be finite and > 0 s");
        _composer = composer;
        _users = composer.Links.Select(l => (l,
            parameters.Phase is { } ph ? new InterferometerPhaseDrift(ph, streams, l.User.Index) : null,
            parameters.Polarization is { } po ? new PolarizationDrift(po, streams, l.User.Index) : null,
            parameters.Intensity is { } it ? new SourceIntensityDrift(it, streams, l.User.Index) : null)).ToArray();
        if (parameters.Delay is { } d)
        {
            var drops = parameters.DropLengthsKm ?? throw new ArgumentException("the delay drift needs every user's drop length", nameof(parameters));
            if (drops.Count != userCount) throw new ArgumentException($"{drops.Count} drop lengths for {userCount} users", nameof(parameters));
            _delay = new FibreDelayDrift(d, parameters.FeederLengthKm, drops, streams);
        }
        Write();
    }

    public LinkDriftParameters Parameters { get; }

    /// <summary>The fibre temperatures (null without a delay drift).</summary>
    public FibreDelayDrift? Delay => _delay;

    /// <summary>Advances every drift by <paramref name="dtS"/> and writes the true states into the links (without applying them).</summary>
    public void Advance(double dtS)
    {
        _delay?.Advance(dtS);
        foreach (var (_, phase, polarization, intensity) in _users)
        {
            phase?.Advance(dtS);
            polarization?.Advance(dtS);
            intensity?.Advance(dtS);
        }
        Write();
    }

    private void Write()
    {
        foreach (var (link, phase, polarization, intensity) in _users)
        {
            if (phase is not null) link.PhaseRad = phase.PhaseRad;
            if (polarization is not null) link.PolarizationAngleRad = polarization.AngleRad;
            if (intensity is not null) link.IntensityFactor = intensity.RelativeIntensity;
            if (_delay is not null) link.ArrivalDriftPs = _delay.ArrivalOffsetPs(link.User.Index);
        }
    }

    /// <summary>The kernel process: applies the initial states at time 0, then steps every StepS until the session stops.</summary>
    public IEnumerable<Await> Run(StepSession session)
    {
        long stepPs = Math.Max(1, (long)Math.Round(Parameters.StepS * Periods.PsPerSecond));
        double stepS = Periods.ToSeconds(stepPs);
        _composer.ApplyAll();
        while (!session.Stopping)
        {
            yield return Await.Timeout(stepPs);
            if (session.Stopping) break;
            Advance(stepS);
            _composer.ApplyAll();
        }
    }
}
