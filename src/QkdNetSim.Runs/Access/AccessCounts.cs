using QkdNetSim.Analysis;

namespace QkdNetSim.Runs.Access;

/// <summary>
/// The observable counts a summary is built from (<see cref="SummaryBuilder"/>): a detection tally of the simulator or a
/// log, or the expected counts of the model engine (<see cref="AccessModel"/>). Per user u and intensity k.
/// </summary>
public interface IAccessCounts
{
    /// <summary>"simulate" (a tally of clicks) or "model" (<see cref="AccessModel.Engine"/>).</summary>
    string Engine { get; }

    /// <summary>n[b][k]: sifted gates of a user, [2][levels].</summary>
    long[][] Sifted(int user, int levels);

    /// <summary>m[b][k]: sifted gates whose bit differs from Alice's, [2][levels].</summary>
    long[][] Errors(int user, int levels);

    /// <summary>Gates with at least one click of a user at intensity k, all bases.</summary>
    long ClickedGates(int user, int intensity);

    /// <summary>Click rows of a user at intensity k (a double click counts two).</summary>
    long ClickRows(int user, int intensity);

    long DoubleClicks(int user);

    /// <summary>Click rows in a time bin (users' and empty-bin noise).</summary>
    long BinClickRows(int bin);

    /// <summary>Click rows in a time bin with no active user: noise.</summary>
    long BinNoiseClickRows(int bin);

    /// <summary>Click rows of all bins.</summary>
    long TotalClickRows { get; }
}

/// <summary>A completed <see cref="DetectionTally"/> as the counts of a summary.</summary>
public sealed class TallyCounts(DetectionTally tally) : IAccessCounts
{
    public string Engine => "simulate";

    public long[][] Sifted(int user, int levels) => tally.SiftedCountsFor(user).Select(r => r.Take(levels).ToArray()).ToArray();

    public long[][] Errors(int user, int levels) => tally.ErrorCountsFor(user).Select(r => r.Take(levels).ToArray()).ToArray();

    public long ClickedGates(int user, int intensity) => tally.ClickedGates(user, intensity);

    public long ClickRows(int user, int intensity) => tally.ClickRows(user, intensity);

    public long DoubleClicks(int user) => tally.DoubleClicks(user);

    public long BinClickRows(int bin) => tally.BinClickRows(bin);

    public long BinNoiseClickRows(int bin) => tally.BinNoiseClickRows(bin);

    public long TotalClickRows
    {
        get
        {
            long rows = 0;
            for (int b = 0; b < tally.BinCount; b++) rows += tally.BinClickRows(b);
            return rows;
        }
    }
}
