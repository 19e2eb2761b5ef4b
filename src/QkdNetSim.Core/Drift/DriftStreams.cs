namespace QkdNetSim.Core.Drift;

/// <summary>
/// The one naming grammar of drift streams for <see cref="Random.RngStreams"/>: "&lt;owner&gt;/drift/&lt;quantity&gt;",
/// e.g. "user/3/drift/phase" or "feeder/drift/temperature" (owners follow the engines' "user/{index}/..." names).
/// One stream per drifting quantity, so adding a drift never perturbs another component's stream.
/// </summary>
public static class DriftStreams
{
    public static string Name(string owner, string quantity)
    {
        if (string.IsNullOrEmpty(owner)) throw new ArgumentException("drift stream owner must be non-empty", nameof(owner));
        if (string.IsNullOrEmpty(quantity) || quantity.Contains('/')) throw new ArgumentException("drift quantity must be non-empty and contain no '/'", nameof(quantity));
        return $"{owner}/drift/{quantity}";
    }

    /// <summary>"user/{userIndex}/drift/{quantity}".</summary>
    public static string ForUser(int userIndex, string quantity) => Name($"user/{userIndex}", quantity);
}
