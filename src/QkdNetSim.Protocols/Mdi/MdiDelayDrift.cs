using QkdNetSim.Core.Drift;
using QkdNetSim.Core.Kernel;
using QkdNetSim.Core.Random;
using QkdNetSim.Core.Units;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Drift of one user's path delay to the relay: an Ornstein-Uhlenbeck process in ps (mean 0, reversion
/// <c>ReversionRatePerS</c> 1/s, noise <c>NoisePsPerSqrtS</c> ps/sqrt(s); reversion 0 is a random walk), stepped every
/// <paramref name="StepS"/> seconds of session time with its exact transition (<see cref="OrnsteinUhlenbeckProcess"/>).
/// </summary>
/// <param name="DelayPs">The OU law of the delay change, ps (mean 0: the delays were aligned at the session start).</param>
/// <param name="StepS">Session time between two updates of the delay (and rebuilds of the engine's laws), s.</param>
public sealed record UserDelayDrift(OrnsteinUhlenbeckParameters DelayPs, double StepS)
{
    /// <summary>The step as kernel time: round(stepS x 1e12) ps, at least 1.</summary>
    public long StepPs => Math.Max(1, Periods.FromSeconds(StepS));
}

/// <summary>
/// Drifting relative delays at the BSM modules (seed 002 Supplementary Figs. 9, 10 scan this delay: HOM visibility and
/// QBER_X fall as the pulses stop overlapping). Each user's fibre to the relay changes its delay with temperature, about
/// 40 ps/(km K) (issue 12; <c>Optics/Drift/FibreDelayDrift</c> derives it), independently per user (separate fibres,
/// ASSUMPTION: no common-mode temperature). The delay change d_u(t) of user u is an OU process (<see cref="UserDelayDrift"/>;
/// the OU law stands for the temperature's, scaled by k L: ASSUMPTION, the paper is silent on drift). Module m interferes
/// inputs A and B, so its relative delay is tau_m(t) = tau_m,static + d_B(t) - d_A(t) (tau_m,static = the module's
/// <see cref="BsmModule.RelativeDelayPs"/>). Only the difference enters the optics (<see cref="BsmOptics"/>: the overlap
/// exp(-tau^2 / (8 sigma^2)) and B's arrival shift); ASSUMPTION: the common-mode delay is followed by the relay's
/// timing reference, so the windows stay on A's pulses.
/// </summary>
/// <remarks>
/// Kernel: one process per drifting user (<see cref="StartProcesses"/>), waking every <see cref="UserDelayDrift.StepPs"/>;
/// at time t it advances the user's OU by the step and sets the modules' delays in the engine, which apply from slot
/// ceil(t / slot period) (<see cref="StepSession"/>). Stream per user: "user/{i}/drift/delay" (<see cref="DriftStreams"/>).
/// Allocation: the delays buffer is allocated once; each change rebuilds the affected optics and laws in the engine.
/// </remarks>
public sealed class MdiDelayDrift
{
    public const string Quantity = "delay";

    private readonly MdiNetworkConfig _config;
    private readonly OrnsteinUhlenbeckProcess?[] _users;
    private readonly double[] _delaysPs;

    public MdiDelayDrift(MdiNetworkConfig config)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        var drifts = config.DelayDrifts ?? [];
        if (drifts.Count != 0 && drifts.Count != config.Users.Count)
            throw new ArgumentException($"one delay drift entry per user ({config.Users.Count}), got {drifts.Count}", nameof(config));
        var streams = new RngStreams(config.Seed);
        _users = new OrnsteinUhlenbeckProcess?[config.Users.Count];
        for (int u = 0; u < drifts.Count; u++)
            if (drifts[u] is { } d)
            {
                if (!(d.StepS > 0) || !double.IsFinite(d.StepS)) throw new ArgumentOutOfRangeException(nameof(config), d.StepS, $"user {u}: drift step must be finite and > 0 s");
                _users[u] = new OrnsteinUhlenbeckProcess(d.DelayPs, 0, streams, DriftStreams.ForUser(u, Quantity));
            }
        _delaysPs = new double[config.Modules.Count];
    }

    /// <summary>Delay change of <paramref name="user"/>'s path now, ps (0 for a user without drift).</summary>
    public double UserDelayPs(int user) => _users[user]?.Value ?? 0;

    /// <summary>tau_m = tau_m,static + d_B - d_A of every module, ps.</summary>
    public void RelativeDelaysPs(Span<double> delaysPs)
    {
        for (int m = 0; m < _config.Modules.Count; m++)
        {
            var module = _config.Modules[m];
            delaysPs[m] = module.RelativeDelayPs + UserDelayPs(module.UserB) - UserDelayPs(module.UserA);
        }
    }

    /// <summary>Adds one kernel process per drifting user to <paramref name="session"/>, driving <paramref name="engine"/>.</summary>
    public void StartProcesses(StepSession session, MdiEngine engine)
    {
        for (int u = 0; u < _users.Length; u++)
            if (_users[u] is not null) session.Start(UserProcess(u, _config.DelayDrifts![u]!, session, engine));
    }

    private IEnumerable<Await> UserProcess(int user, UserDelayDrift drift, StepSession session, MdiEngine engine)
    {
        long stepPs = drift.StepPs;
        double stepS = Periods.ToSeconds(stepPs);
        var process = _users[user]!;
        while (!session.Stopping)
        {
            yield return Await.Timeout(stepPs);
            if (session.Stopping) yield break;
            process.Advance(stepS);
            RelativeDelaysPs(_delaysPs);
            engine.SetRelativeDelaysPs(_delaysPs);
        }
    }
}
