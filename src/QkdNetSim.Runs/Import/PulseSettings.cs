using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>A user's announced settings of one pulse (a row of a pulse settings file).</summary>
public struct PulseSetting
{
    public long Pulse;
    public sbyte Basis, Bit, Intensity;
    /// <summary>Bob's basis for this pulse's detection (the sifting announcement), -1 when the file has no bob_basis column.</summary>
    public sbyte BobBasis;
}

/// <summary>
/// The `--settings` files of an access or MDI import, told apart by their header:
/// pulse settings <c>user,pulse,basis,bit,intensity[,bob_basis]</c> (sorted by pulse; sparse — only detected pulses — or
/// full) and emitted totals <c>user,intensity,emitted</c>. Users are named as in SETUP.yaml; intensity is an index into the
/// user's intensities. Pulse settings are joined to the clicks by a streaming merge on the pulse index (one cursor per
/// file, one record per user held), so memory stays bounded whatever the files' lengths.
/// </summary>
public sealed class PulseSettings : IDisposable
{
    public static readonly string[] PulseColumns = ["user", "pulse", "basis", "bit", "intensity"];
    public const string BobBasisColumn = "bob_basis";
    public static readonly string[] TotalsColumns = ["user", "intensity", "emitted"];

    private readonly Cursor[] _cursors;
    private readonly PulseSetting[] _current;
    private readonly bool[] _has;
    private readonly long[] _heldPulse;
    private readonly long[][] _counted;
    private long _at = long.MinValue;

    /// <param name="users">User names in setup order (their index).</param>
    /// <param name="levels">Intensity levels of each user.</param>
    /// <param name="check">Extra per-record rule (e.g. MDI: the basis of the intensity); returns a rule text when broken.</param>
    public PulseSettings(IReadOnlyList<string> pulseFiles, IReadOnlyList<string> totalsFiles, IReadOnlyList<string> users, int[] levels,
        Func<int, PulseSetting, string?>? check = null)
    {
        var index = users.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        _current = new PulseSetting[users.Count];
        _has = new bool[users.Count];
        _heldPulse = Enumerable.Repeat(long.MinValue, users.Count).ToArray();
        _counted = levels.Select(l => new long[l]).ToArray();
        Totals = totalsFiles.Count == 0 ? null : ReadTotals(totalsFiles, index, levels);
        var cursors = new List<Cursor>();
        try
        {
            foreach (string f in pulseFiles) cursors.Add(new Cursor(f, index, levels, check, _counted));
        }
        catch
        {
            foreach (var c in cursors) c.Dispose();
            throw;
        }
        _cursors = cursors.ToArray();
        HasBobBasis = _cursors.Length > 0 && _cursors.All(c => c.HasBobBasis);
    }

    /// <summary>Sorts `--settings` files into pulse settings and emitted totals by their header; any other header is an input error.</summary>
    public static (List<string> Pulses, List<string> Totals) Classify(IReadOnlyList<string> files)
    {
        var pulses = new List<string>();
        var totals = new List<string>();
        foreach (string f in files)
        {
            var header = CsvRows.PeekHeader(f) ?? throw new InputError(f, "header", "the file is empty; expected a header: user,pulse,basis,bit,intensity[,bob_basis] (pulse settings) or user,intensity,emitted (emitted totals)");
            if (PulseColumns.All(header.Contains)) pulses.Add(f);
            else if (TotalsColumns.All(header.Contains)) totals.Add(f);
            else throw new InputError(f, "header", $"line 1: expected user,pulse,basis,bit,intensity[,bob_basis] (pulse settings) or user,intensity,emitted (emitted totals), got {string.Join(",", header)}");
        }
        return (pulses, totals);
    }

    /// <summary>Whether every pulse settings file has the bob_basis column.</summary>
    public bool HasBobBasis { get; }

    /// <summary>Emitted pulses per user and intensity from the totals files, or null without any.</summary>
    public long[][]? Totals { get; }

    /// <summary>Pulse settings records read per user and intensity (all of them after <see cref="Drain"/>).</summary>
    public long[][] Counted => _counted;

    /// <summary>Records read so far (all of them after <see cref="Drain"/>).</summary>
    public long Records => _cursors.Sum(c => c.Records);

    /// <summary>
    /// The record of user <paramref name="user"/> for pulse <paramref name="pulse"/>, or false when no file has one. Pulses asked
    /// for must not decrease (clicks come in time order).
    /// </summary>
    public bool TryGet(int user, long pulse, out PulseSetting setting)
    {
        if (pulse != _at)
        {
            if (pulse < _at) throw new InvalidOperationException($"pulses must be asked for in order ({pulse} after {_at})");
            _at = pulse;
            foreach (var c in _cursors) c.AdvanceTo(pulse, _current, _has, _heldPulse);
        }
        setting = _current[user];
        return _has[user] && _heldPulse[user] == pulse;
    }

    /// <summary>Reads every remaining record (to count them, and check their rows and order).</summary>
    public void Drain()
    {
        foreach (var c in _cursors) c.AdvanceTo(long.MaxValue, _current, _has, _heldPulse);
    }

    /// <summary>The setting files named in errors about a missing record.</summary>
    public string FilesPhrase => _cursors.Length == 0 ? "(no pulse settings file given)" : string.Join(", ", _cursors.Select(c => c.Path));

    public void Dispose()
    {
        foreach (var c in _cursors) c.Dispose();
    }

    private static long[][] ReadTotals(IReadOnlyList<string> files, Dictionary<string, int> index, int[] levels)
    {
        var totals = levels.Select(l => Enumerable.Repeat(-1L, l).ToArray()).ToArray();
        string where = string.Join(", ", files);
        foreach (string f in files)
        {
            using var rows = CsvRows.Open(f, TotalsColumns);
            while (rows.Next())
            {
                int u = UserOf(rows, 0, index);
                int k = rows.Int32(1, 0, levels[u] - 1);
                long n = rows.Int64(2);
                if (n < 0) throw rows.Bad(2, $"emitted pulses must be >= 0, got {n}");
                if (totals[u][k] >= 0) throw rows.Bad(1, $"a second total for user {rows.Text(0)} intensity {k}");
                totals[u][k] = n;
            }
        }
        var names = index.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        for (int u = 0; u < totals.Length; u++)
            for (int k = 0; k < totals[u].Length; k++)
                if (totals[u][k] < 0) throw new InputError(where, "emitted", $"no emitted total for user {names[u]} intensity {k} (one line user,intensity,emitted per user and intensity)");
        return totals;
    }

    private static int UserOf(CsvRows rows, int c, Dictionary<string, int> index)
    {
        var name = rows.Text(c).ToString();
        if (index.TryGetValue(name, out int u)) return u;
        throw rows.Bad(c, $"'{name}' is not a user of the setup ({string.Join(", ", index.Keys)})");
    }

    /// <summary>One pulse settings file, read ahead by one record.</summary>
    private sealed class Cursor : IDisposable
    {
        private readonly CsvRows _rows;
        private readonly Dictionary<string, int> _index;
        private readonly int[] _levels;
        private readonly Func<int, PulseSetting, string?>? _check;
        private readonly long[][] _counted;
        private bool _ahead, _done;
        private int _user;
        private PulseSetting _next;
        private long _lastPulse = long.MinValue;

        public Cursor(string path, Dictionary<string, int> index, int[] levels, Func<int, PulseSetting, string?>? check, long[][] counted)
        {
            _rows = CsvRows.Open(path, PulseColumns, [BobBasisColumn]);
            _index = index;
            _levels = levels;
            _check = check;
            _counted = counted;
        }

        public string Path => _rows.Path;
        public bool HasBobBasis => _rows.Has(5);
        public long Records { get; private set; }

        public void AdvanceTo(long pulse, PulseSetting[] current, bool[] has, long[] heldPulse)
        {
            while (true)
            {
                if (!_ahead && !ReadNext()) return;
                if (_next.Pulse > pulse) return;
                _ahead = false;
                if (_next.Pulse < pulse) continue; // a pulse without a click (full settings, or a click dropped)
                if (has[_user] && heldPulse[_user] == pulse)
                    throw _rows.Bad(1, $"a second record for user {_rows.Text(0)} pulse {pulse}");
                current[_user] = _next;
                has[_user] = true;
                heldPulse[_user] = pulse;
            }
        }

        private bool ReadNext()
        {
            if (_done || !_rows.Next())
            {
                _done = true;
                return false;
            }
            _user = UserOf(_rows, 0, _index);
            long pulse = _rows.Int64(1);
            if (pulse < 0) throw _rows.Bad(1, $"pulse index must be >= 0, got {pulse}");
            if (pulse < _lastPulse) throw _rows.Bad(1, $"pulse {pulse} after pulse {_lastPulse}: records must be sorted by pulse");
            _lastPulse = pulse;
            _next = new PulseSetting
            {
                Pulse = pulse,
                Basis = (sbyte)_rows.Int32(2, 0, 1),
                Bit = (sbyte)_rows.Int32(3, 0, 1),
                Intensity = (sbyte)_rows.Int32(4, 0, _levels[_user] - 1),
                BobBasis = HasBobBasis ? (sbyte)_rows.Int32(5, 0, 1) : (sbyte)-1,
            };
            if (_check?.Invoke(_user, _next) is string rule) throw _rows.Bad(2, rule);
            _counted[_user][_next.Intensity]++;
            Records++;
            _ahead = true;
            return true;
        }

        public void Dispose() => _rows.Dispose();
    }
}
