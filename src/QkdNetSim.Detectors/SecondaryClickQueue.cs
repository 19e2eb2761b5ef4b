namespace QkdNetSim.Detectors;

/// <summary>
/// Binary min-heap of pending secondary clicks ordered by (gate, insertion sequence): array-backed, no allocation
/// once grown. Few entries are pending at a time (click rate x afterpulse lifetime), so a heap is cheap.
/// </summary>
public sealed class SecondaryClickQueue
{
    private SecondaryClick[] _items = new SecondaryClick[64];
    private long[] _sequence = new long[64];
    private long _nextSequence;

    public int Count { get; private set; }

    public long PeekGate => Count == 0 ? long.MaxValue : _items[0].Gate;

    public void Push(in SecondaryClick click)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
            Array.Resize(ref _sequence, _sequence.Length * 2);
        }
        int i = Count++;
        long seq = _nextSequence++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(click.Gate, seq, _items[parent].Gate, _sequence[parent])) break;
            _items[i] = _items[parent];
            _sequence[i] = _sequence[parent];
            i = parent;
        }
        _items[i] = click;
        _sequence[i] = seq;
    }

    public SecondaryClick Pop()
    {
        SecondaryClick top = _items[0];
        int last = --Count;
        if (last > 0)
        {
            SecondaryClick moving = _items[last];
            long movingSeq = _sequence[last];
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= last) break;
                if (child + 1 < last && Less(_items[child + 1].Gate, _sequence[child + 1], _items[child].Gate, _sequence[child])) child++;
                if (!Less(_items[child].Gate, _sequence[child], moving.Gate, movingSeq)) break;
                _items[i] = _items[child];
                _sequence[i] = _sequence[child];
                i = child;
            }
            _items[i] = moving;
            _sequence[i] = movingSeq;
        }
        return top;
    }

    public void Clear() { Count = 0; _nextSequence = 0; }

    private static bool Less(long gateA, long seqA, long gateB, long seqB) => gateA < gateB || (gateA == gateB && seqA < seqB);
}
