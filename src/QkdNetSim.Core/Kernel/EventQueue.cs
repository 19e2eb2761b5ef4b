namespace QkdNetSim.Core.Kernel;

/// <summary>
/// Array-backed binary min-heap of struct entries keyed by (time, sequence number). Structs in one array
/// mean a push/pop allocates nothing once the array has grown to the working-set size; the monotone
/// sequence number makes equal-time entries leave in insertion order (FIFO), as SimPy's heapq of
/// (time, priority, eid) does (Team SimPy, simpy.readthedocs.io), so runs are deterministic.
/// </summary>
internal sealed class EventQueue
{
    internal struct Entry
    {
        public long TimePs;
        public long Sequence;
        public Process Process;
    }

    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _nextSequence;

    public int Count => _count;

    public long PeekTime => _count == 0 ? long.MaxValue : _heap[0].TimePs;

    public void Push(long timePs, Process process)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new Entry { TimePs = timePs, Sequence = _nextSequence++, Process = process };
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

    public Entry Pop()
    {
        Entry top = _heap[0];
        Entry last = _heap[--_count];
        _heap[_count] = default; // drop the Process reference so finished processes can be collected
        if (_count > 0)
        {
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= _count) break;
                if (child + 1 < _count && Less(in _heap[child + 1], in _heap[child])) child++;
                if (!Less(in _heap[child], in last)) break;
                _heap[i] = _heap[child];
                i = child;
            }
            _heap[i] = last;
        }
        return top;
    }

    private static bool Less(in Entry a, in Entry b) =>
        a.TimePs < b.TimePs || (a.TimePs == b.TimePs && a.Sequence < b.Sequence);
}
