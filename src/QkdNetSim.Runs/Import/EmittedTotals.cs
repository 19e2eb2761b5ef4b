using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// Pulses each user emitted per intensity: the totals files when given (sparse settings cannot count them), else the records of
/// the pulse settings files, which must then hold every pulse (a full per-pulse file).
/// </summary>
public static class EmittedTotals
{
    public static long[][] Resolve(PulseSettings settings, IReadOnlyList<string> users, string setupPath)
    {
        if (settings.Totals is { } totals)
        {
            for (int u = 0; u < totals.Length; u++)
                for (int k = 0; k < totals[u].Length; k++)
                    if (settings.Counted[u][k] > totals[u][k])
                        throw new InputError(settings.FilesPhrase, "emitted",
                            $"user {users[u]} intensity {k} has {settings.Counted[u][k]} pulse records but an emitted total of {totals[u][k]}");
            return totals;
        }
        if (settings.Records == 0)
            throw new InputError(setupPath, "--settings", "no emitted totals: give a totals file (user,intensity,emitted) or a full per-pulse settings file");
        return settings.Counted;
    }
}
