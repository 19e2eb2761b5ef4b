namespace QkdNetSim.Data.Log;

/// <summary>One row group of <c>cv_samples.parquet</c> as columns (views of the reader's buffers, overwritten by the next chunk).</summary>
public readonly ref struct CvSampleChunk
{
    public CvSampleChunk(ReadOnlySpan<long> round, ReadOnlySpan<int> user, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP,
        ReadOnlySpan<double> bobX, ReadOnlySpan<double> bobP)
    {
        Round = round; User = user; AliceX = aliceX; AliceP = aliceP; BobX = bobX; BobP = bobP;
    }

    public ReadOnlySpan<long> Round { get; }
    public ReadOnlySpan<int> User { get; }
    public ReadOnlySpan<double> AliceX { get; }
    public ReadOnlySpan<double> AliceP { get; }
    public ReadOnlySpan<double> BobX { get; }
    public ReadOnlySpan<double> BobP { get; }
    public int Length => Round.Length;
}
