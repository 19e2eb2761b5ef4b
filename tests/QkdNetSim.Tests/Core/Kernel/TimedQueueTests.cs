using QkdNetSim.Core.Records;
using QkdNetSim.Core.Kernel;
using QkdNetSim.Detectors;

namespace QkdNetSim.Tests.Core.Kernel;

/// <summary><see cref="TimedQueue{T}"/>: a min-heap on (time, insertion order), checked against a sorted reference list (with the detectors' secondary clicks as payload, its first user).</summary>
public class TimedQueueTests
{
    [Fact]
    public void EmptyQueueHasNoNextGate()
    {
        var q = new TimedQueue<SecondaryClick>();
        Assert.Equal(0, q.Count);
        Assert.Equal(long.MaxValue, q.PeekTime);
    }

    [Fact]
    public void PopsInGateOrderAndFirstInFirstOutWithinAGate()
    {
        // Random interleaved pushes and pops (up to ~1,000 pending, so the 64-slot arrays grow several times) against a
        // reference that keeps (gate, sequence) sorted. The detector byte carries the low bits of the sequence so that a
        // reordering of equal gates is visible.
        var q = new TimedQueue<SecondaryClick>();
        var reference = new List<(long Gate, long Seq, SecondaryClick Click)>();
        var rng = new System.Random(17);
        long seq = 0;
        for (int step = 0; step < 50_000; step++)
        {
            bool push = reference.Count == 0 || rng.NextDouble() < (reference.Count < 1000 ? 0.55 : 0.3);
            if (push)
            {
                var c = new SecondaryClick(rng.Next(0, 200), (byte)(seq & 0xFF), (seq & 1) == 0 ? DetectionCause.Afterpulse : DetectionCause.Crosstalk);
                q.Push(c.Gate, c);
                int at = reference.FindLastIndex(e => e.Gate <= c.Gate) + 1; // after every entry of an equal gate: FIFO
                reference.Insert(at, (c.Gate, seq++, c));
            }
            else
            {
                Assert.Equal(reference[0].Gate, q.PeekTime);
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
        Assert.Equal(long.MaxValue, q.PeekTime);
    }

    [Fact]
    public void ClearEmptiesTheQueueAndRestartsTheOrder()
    {
        var q = new TimedQueue<SecondaryClick>();
        for (int i = 0; i < 100; i++) q.Push(5, new SecondaryClick(5, (byte)i, DetectionCause.Afterpulse));
        q.Clear();
        Assert.Equal(0, q.Count);
        Assert.Equal(long.MaxValue, q.PeekTime);
        q.Push(9, new SecondaryClick(9, 1, DetectionCause.Crosstalk));
        q.Push(9, new SecondaryClick(9, 2, DetectionCause.Afterpulse));
        q.Push(3, new SecondaryClick(3, 3, DetectionCause.Afterpulse));
        Assert.Equal(3, q.Pop().Detector);
        Assert.Equal(1, q.Pop().Detector);
        Assert.Equal(2, q.Pop().Detector);
    }

    [Fact]
    public void Replacing_the_top_orders_the_new_entry_after_every_entry_already_at_its_time()
    {
        // ReplaceTop is Pop then Push: the replacement is sequenced after everything queued, so among equal times it leaves last.
        var q = new TimedQueue<int>();
        q.Push(1, 10);
        q.Push(4, 40);
        q.Push(4, 41);
        q.ReplaceTop(4, 11);
        Assert.Equal(3, q.Count);
        Assert.Equal(40, q.Pop());
        Assert.Equal(41, q.Pop());
        Assert.Equal(4, q.PeekTime);
        Assert.Equal(11, q.PeekPayload);
        Assert.Equal(11, q.Pop());
        Assert.Equal(long.MaxValue, q.PeekTime);
    }
}
