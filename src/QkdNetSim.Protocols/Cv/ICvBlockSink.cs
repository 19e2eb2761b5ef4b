namespace QkdNetSim.Protocols.Cv;

/// <summary>
/// Receives generated CV rounds from <see cref="CvSampleEngine"/>, in round order and each round exactly once: moment
/// accumulators and the sample log (implemented in the run layer). Spans are valid only during the call.
/// </summary>
public interface ICvBlockSink
{
    /// <summary>
    /// Rounds <paramref name="firstRound"/> .. firstRound + n - 1 with n = <c>aliceX.Length</c>, in the layout of
    /// <see cref="CvSampleGenerator.NextBlock"/>: Bob arrays user-major, Bob i's round r at index i * n + r.
    /// </summary>
    void OnBlock(long firstRound, ReadOnlySpan<double> aliceX, ReadOnlySpan<double> aliceP, ReadOnlySpan<double> bobX,
        ReadOnlySpan<double> bobP);
}
