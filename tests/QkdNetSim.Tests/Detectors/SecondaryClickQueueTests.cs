using QkdNetSim.Core.Records;
using QkdNetSim.Detectors;

namespace QkdNetSim.Tests.Detectors;

/// <summary><see cref="SecondaryClickQueue"/>: a min-heap on (gate, insertion order), checked against a sorted reference list.</summary>
public class SecondaryClickQueueTests
{
    [Fact]
    public void EmptyQueueHasNoNextGate()
    {
        var q = new SecondaryClickQueue();
        Assert.Equal(0, q.Count);
        Assert.Equal(long.MaxValue, q.PeekGate);
    }

    [Fact]
    public void PopsInGateOrderAndFirstInFirstOutWithinAGate()
    {
        // Random interleaved pushes and pops (up to ~1,000 pending, so the 64-slot arrays grow several times) against a
        // reference that keeps (gate, sequence) sorted. The detector byte carries the low bits of the sequence so that a
        // reordering of equal gates is visible.
        var q = new SecondaryClickQueue();
        var reference = new List<(long Gate, long Seq, SecondaryClick Click)>();
        var rng = new System.Random(17);
        long seq = 0;
        for (int step = 0; step < 50_000; step++)
        {
            bool push = reference.Count == 0 || rng.NextDouble() < (reference.Count < 1000 ? 0.55 : 0.3);
            if (push)
            {
                var c = new SecondaryClick(rng.Next(0, 200), (byte)(seq & 0xFF), (seq & 1) == 0 ? DetectionCause.Afterpulse : DetectionCause.Crosstalk);
                q.Push(c);
                int at = reference.FindLastIndex(e => e.Gate <= c.Gate) + 1; // after every entry of an equal gate: FIFO
                reference.Insert(at, (c.Gate, seq++, c));
            }
            else
            {
                Assert.Equal(reference[0].Gate, q.PeekGate);
                var got = q.Pop();
                Assert.Equal(reference[0].Click, got);
                reference.RemoveAt(0);
            }
            Assert.Equal(reference.Count, q.Count);
        }
        while (reference.Count > 0)
        {
            Assert.Equal(reference[0].Click, q.Pop());
            reference.RemoveAt(0);
        }
        Assert.Equal(long.MaxValue, q.PeekGate);
    }

    [Fact]
    public void ClearEmptiesTheQueueAndRestartsTheOrder()
    {
        var q = new SecondaryClickQueue();
        for (int i = 0; i < 100; i++) q.Push(new SecondaryClick(5, (byte)i, DetectionCause.Afterpulse));
        q.Clear();
        Assert.Equal(0, q.Count);
        Assert.Equal(long.MaxValue, q.PeekGate);
        q.Push(new SecondaryClick(9, 1, DetectionCause.Crosstalk));
        q.Push(new SecondaryClick(9, 2, DetectionCause.Afterpulse));
        q.Push(new SecondaryClick(3, 3, DetectionCause.Afterpulse));
        Assert.Equal(3, q.Pop().Detector);
        Assert.Equal(1, q.Pop().Detector);
        Assert.Equal(2, q.Pop().Detector);
    }
}
