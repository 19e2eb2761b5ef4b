namespace QkdNetSim.Runs.Access;

/// <summary>
/// One user as the simulator consumes it: every field decided (no nulls), after user defaults, generated users,
/// the active-user count and the port-derived channel have been applied. Arrays are private copies.
/// </summary>
public sealed record ResolvedUser(
    int Index,
    string Name,
    int Slot,
    int Port,
    bool Active,
    double FibreLengthKm,
    double FibreLossDbPerKm,
    double ExtraLossDb,
    int ItuChannel,
    double TimingOffsetPs,
    double OpticalError,
    double[] Intensities,
    double[] Probabilities,
    double Basis0Probability);

/// <summary>
/// Produces the final user list from a scenario. The precedence for each field is: the user's own value, then
/// <see cref="ScenarioFile.UserDefaults"/>, then the built-in default (slot/port = index, 0.2 dB/km, no extra
/// loss, zero length and offset, the receiver's optical error, the port's ITU channel). Doing this in one place
/// means the simulator, the validator and the report all see the same users.
/// </summary>
public static class ScenarioResolver
{
    /// <summary>Standard SMF-28 attenuation at 1550 nm, dB/km, used when neither the user nor the defaults say.</summary>
    public const double DefaultFibreLossDbPerKm = 0.2;

    /// <summary>
    /// Resolves all users: the explicit list, extended to <see cref="ScenarioFile.UserCount"/> with users generated
    /// from the defaults (name "U{i}", slot = port = i). Total on any input; ranges are the validator's job.
    /// </summary>
    public static IReadOnlyList<ResolvedUser> ResolveUsers(ScenarioFile s)
    {
        int count = Math.Max(s.Users.Count, s.UserCount);
        var d = s.UserDefaults;
        var result = new ResolvedUser[count];
        for (int i = 0; i < count; i++)
        {
            var u = i < s.Users.Count ? s.Users[i] : null;
            int slot = u?.Slot ?? i;
            int port = u?.Port ?? i;
            bool active = s.ActiveUsers >= 0 ? i < s.ActiveUsers : u?.Active ?? d.Active ?? true;
            var source = u?.Source ?? d.Source ?? new SourceSpec();
            result[i] = new ResolvedUser(
                Index: i,
                Name: u?.Name ?? $"U{i}",
                Slot: slot,
                Port: port,
                Active: active,
                FibreLengthKm: u?.FibreLengthKm ?? d.FibreLengthKm ?? 0.0,
                FibreLossDbPerKm: u?.FibreLossDbPerKm ?? d.FibreLossDbPerKm ?? DefaultFibreLossDbPerKm,
                ExtraLossDb: u?.ExtraLossDb ?? d.ExtraLossDb ?? 0.0,
                ItuChannel: u?.ItuChannel ?? d.ItuChannel ?? PortChannel(s.Combiner, port),
                TimingOffsetPs: u?.TimingOffsetPs ?? d.TimingOffsetPs ?? 0.0,
                OpticalError: u?.OpticalError ?? d.OpticalError ?? s.Receiver.OpticalError,
                Intensities: source.Intensities.ToArray(),
                Probabilities: source.Probabilities.ToArray(),
                Basis0Probability: source.Basis0Probability);
        }
        return result;
    }

    /// <summary>
    /// ITU channel of a combiner port: <see cref="CombinerSpec.PortChannels"/>[port] if listed, else FirstChannel + port.
    /// Also used for a splitter (where it only sets the emission channel, which a splitter ignores).
    /// </summary>
    public static int PortChannel(CombinerSpec c, int port)
        => port >= 0 && port < c.PortChannels.Count ? c.PortChannels[port] : c.FirstChannel + port;

    /// <summary>
    /// The field path that supplies a user's value of <paramref name="key"/>: the user's own key if set, else the
    /// defaults' if set, else the user's (never written: a built-in default). Lets errors name the line to fix.
    /// </summary>
    public static string FieldOf(ScenarioFile s, int index, string key, Func<UserSpec, object?> get)
    {
        if (index < s.Users.Count && get(s.Users[index]) is not null) return $"users.{index}.{key}";
        if (get(s.UserDefaults) is not null) return $"userDefaults.{key}";
        return $"users.{index}.{key}";
    }
}
