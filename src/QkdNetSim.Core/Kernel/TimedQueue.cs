namespace QkdNetSim.Core.Kernel;

/// <summary>
/// The kernel's ordering rule as a reusable queue: an array-backed binary min-heap of struct entries keyed by
/// (time, sequence number). Structs in one array mean a push or pop allocates nothing once the array has grown to the
/// working-set size; the monotone sequence number makes equal-time entries leave in insertion order (FIFO), as SimPy's
/// heapq of (time, priority, eid) does (Team SimPy, simpy.readthedocs.io), so runs are deterministic. The kernel's
/// process queue, the detectors' pending secondary clicks and the skip-ahead engines' click sources are all this queue;
/// "time" is whatever clock its user keeps (ps for the kernel, gate or slot indices for the engines).
/// </summary>
public sealed class TimedQueue<T>
{
    private struct Entry
    {
        public long Time;
        public long Sequence;
        public T Payload;
    }

    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    /// <summary>Time of the earliest entry, <see cref="long.MaxValue"/> when empty.</summary>
    public long PeekTime => _count == 0 ? long.MaxValue : _heap[0].Time;

    /// <summary>Payload of the earliest entry (the queue must not be empty).</summary>
    public ref readonly T PeekPayload => ref _heap[0].Payload;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public void Push(long time, in T payload)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new Entry { Time = time, Sequence = _nextSequence++, Payload = payload };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(in e, in _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = e;
    }

    /// <summary>Removes the earliest entry and returns its payload (its time is <see cref="PeekTime"/> before the call).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    public T Pop()
    {
        T top = _heap[0].Payload;
        Entry last = _heap[--_count];
        _heap[_count] = default; // drop references held by the payload
        if (_count > 0) SiftDown(last);
        return top;
    }

    /// <summary>Pop followed by Push in one sift: the earliest entry is replaced by (time, payload), sequenced as a new push.</summary>
    public void ReplaceTop(long time, in T payload)
    {
        long sequence = _nextSequence++;
        Entry[] heap = _heap;
        int n = _count, i = 0;
        while (true) // sift the hole at the root down past every child that leaves before (time, sequence)
        {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && Less(in heap[child + 1], in heap[child])) child++;
            ref Entry c = ref heap[child];
            if (c.Time > time || (c.Time == time && c.Sequence > sequence)) break;
            heap[i] = c;
            i = child;
        }
        ref Entry e = ref heap[i];
        e.Time = time;
        e.Sequence = sequence;
        e.Payload = payload;
    }

    /// <summary>The payloads queued now, in heap order (not time order): for inspection off the hot path.</summary>
    public IEnumerable<T> Payloads()
    {
        for (int i = 0; i < _count; i++) yield return _heap[i].Payload;
    }

    public void Clear()
    {
        Array.Clear(_heap, 0, _count);
        _count = 0;
        _nextSequence = 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // called from the engines' hot loops: optimized at once
    private void SiftDown(Entry moving)
    {
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Less(in _heap[child + 1], in _heap[child])) child++;
            if (!Less(in _heap[child], in moving)) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = moving;
    }

    private static bool Less(in Entry a, in Entry b) => a.Time < b.Time || (a.Time == b.Time && a.Sequence < b.Sequence);
}
