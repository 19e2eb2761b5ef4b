using System.Text;

namespace QkdNetSim.Core.Random;

/// <summary>
/// Derives one independent generator per named component from a single root seed, like ns-3's
/// explicit stream assignment: the stream depends only on (root seed, component name), never on
/// the order in which components ask, so adding a component does not perturb the others.
/// </summary>
public sealed class RngStreams
{
    public ulong RootSeed { get; }

    public RngStreams(ulong rootSeed) => RootSeed = rootSeed;

    /// <summary>Seed of the stream for <paramref name="componentName"/> (e.g. "user/3/source").</summary>
    public ulong SeedFor(string componentName)
    {
        ulong h = Fnv1a64(componentName);
        return SplitMix64.Mix(RootSeed ^ SplitMix64.Mix(h));
    }

    public Xoshiro256 StreamFor(string componentName) => new(SeedFor(componentName));

    /// <summary>
    /// The stream of <paramref name="componentName"/> within epoch <paramref name="epoch"/> of a session, named
    /// "epoch/{epoch}/{component}": epochs of one session draw from independent streams, so they can run in any order
    /// or in parallel and give the same numbers (issue 14).
    /// </summary>
    public Xoshiro256 StreamFor(string componentName, long epoch) => new(SeedFor(EpochName(componentName, epoch)));

    /// <summary>The name of a component's stream within an epoch: "epoch/{epoch}/{component}".</summary>
    public static string EpochName(string componentName, long epoch) => $"epoch/{epoch}/{componentName}";

    private static ulong Fnv1a64(string s)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
