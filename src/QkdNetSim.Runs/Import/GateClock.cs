using QkdNetSim.Core;

namespace QkdNetSim.Runs.Import;

/// <summary>
/// The tagger's time axis of the source's clock: gate (slot) k is centred (access) or starts (MDI) at
/// <see cref="OffsetPs"/> + k <see cref="PeriodPs"/> tagger picoseconds. Given (fit: none), fitted by least squares over the
/// sync channel's tags (fit: sync) or over the clicks themselves (fit: data, access). A tagger's clock runs at its own rate,
/// so over a session the source's period in tagger time differs from the nominal one by the two clocks' relative frequency
/// offset (ppm): the linear fit t = offset + k period absorbs a constant offset; a clock that wanders further than the
/// assignment tolerates (half a period for access gates, the window margins for MDI bins) needs a sync channel recorded
/// more often, or the data cut into pieces.
/// </summary>
/// <remarks>
/// Integer period and offset with fit: none assign in exact integer arithmetic, so a tag is never moved across a gate or
/// window edge by rounding; fitted values use doubles, exact to well below a picosecond for sessions up to hours.
/// </remarks>
public sealed class GateClock
{
    private readonly long _periodInt, _offsetInt;
    private readonly bool _integer;
    private readonly long _offsetFloor;
    private readonly double _offsetFrac;

    public GateClock(double periodPs, double offsetPs)
    {
        if (!(periodPs > 0) || !double.IsFinite(periodPs)) throw new ArgumentOutOfRangeException(nameof(periodPs), periodPs, "period must be > 0 and finite");
        if (!double.IsFinite(offsetPs)) throw new ArgumentOutOfRangeException(nameof(offsetPs), offsetPs, "offset must be finite");
        PeriodPs = periodPs;
        OffsetPs = offsetPs;
        _integer = periodPs == Math.Floor(periodPs) && offsetPs == Math.Floor(offsetPs) && Math.Abs(offsetPs) < 1e18;
        _periodInt = (long)periodPs;
        _offsetInt = _integer ? (long)offsetPs : 0;
        _offsetFloor = (long)Math.Floor(offsetPs);
        _offsetFrac = offsetPs - _offsetFloor;
    }

    public double PeriodPs { get; }
    public double OffsetPs { get; }

    /// <summary>Tags the fit used (0 for fit: none).</summary>
    public long FitTags { get; private init; }

    /// <summary>rms residual of the fit, ps (0 for fit: none).</summary>
    public double FitResidualPs { get; private init; }

    /// <summary>Nearest gate centre: round((t - offset) / period), halves up.</summary>
    public long NearestGate(long timePs) =>
        _integer ? FloorDiv(2 * (timePs - _offsetInt) + _periodInt, 2 * _periodInt) : (long)Math.Floor(Relative(timePs) / PeriodPs + 0.5);

    /// <summary>The slot a tag falls in, floor((t - offset) / period), and its time after the slot's start (ps).</summary>
    public long Slot(long timePs, out double inSlotPs)
    {
        if (_integer)
        {
            long rel = timePs - _offsetInt;
            long slot = FloorDiv(rel, _periodInt);
            inSlotPs = rel - slot * _periodInt;
            return slot;
        }
        double x = Relative(timePs);
        long s = (long)Math.Floor(x / PeriodPs);
        inSlotPs = x - s * PeriodPs;
        return s;
    }

    /// <summary>t - offset as integer ps (rounded), the time the logs store.</summary>
    public long SinceOffsetPs(long timePs) => _integer ? timePs - _offsetInt : (long)Math.Round(Relative(timePs));

    private double Relative(long timePs) => (double)(timePs - _offsetFloor) - _offsetFrac;

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }

    /// <summary>
    /// The clock of <paramref name="timing"/>: as given (fit: none), or fitted over one pass through the tag file. fit: sync —
    /// sync tag j (from the first in the file) marks gate j x syncEveryPeriods, and timing.offsetPs is the delay from a sync
    /// tag to its gate's centre (access) or start (MDI). fit: data — every click of <paramref name="isClick"/> marks its nearest
    /// gate centre (access). Each tag's index is assigned with the running fit so far (the nominal period until two indices
    /// are known), so missing sync tags and a drift that accumulates past a period are followed; the result is the least-squares
    /// line through all (index, time) pairs.
    /// </summary>
    public static GateClock Of(ImportTimingSpec timing, string setupPath, string tagsPath, Func<int, bool> isClick)
    {
        if (timing.Fit == "none") return new GateClock(timing.PeriodPs, timing.OffsetPs);
        bool sync = timing.Fit == "sync";
        double step = sync ? timing.PeriodPs * timing.SyncEveryPeriods : timing.PeriodPs;
        var fit = new LinearFit();
        long first = sync ? 0 : (long)Math.Round(timing.OffsetPs); // data: indices from the nominal gate 0
        bool any = !sync;
        using (var tags = TimeTagReader.Open(tagsPath))
        {
            while (tags.Next())
            {
                if (sync ? tags.Channel != timing.SyncChannel : !isClick(tags.Channel)) continue;
                if (!any)
                {
                    first = tags.TimePs; // sync: the first sync tag marks gate 0
                    any = true;
                }
                double y = tags.TimePs - first; // relative: exact in a double for 2.5 h of ps
                double slope = fit.DistinctX >= 2 ? fit.Slope : step;
                double intercept = fit.DistinctX >= 2 ? fit.Intercept : 0;
                long index = (long)Math.Floor((y - intercept) / slope + 0.5);
                fit.Add(index, y);
            }
        }
        if (fit.DistinctX < 2)
            throw new InputError(sync ? setupPath : tagsPath, sync ? "timing.syncChannel" : "timing.fit",
                sync ? $"channel {timing.SyncChannel} has {fit.Count} tag(s) in {tagsPath}; fit: sync needs at least two" : $"fit: data needs clicks in at least two gates, found {fit.Count} click(s)");
        double period = fit.Slope / (sync ? timing.SyncEveryPeriods : 1);
        double offset = first + fit.Intercept + (sync ? timing.OffsetPs : 0);
        if (!(Math.Abs(period / timing.PeriodPs - 1) < 0.01))
            throw new InputError(setupPath, "timing.periodPs", $"the fitted period {period:G10} ps differs from the nominal {timing.PeriodPs:G10} ps by more than 1 %: check periodPs{(sync ? " and syncEveryPeriods" : "")}");
        return new GateClock(period, offset) { FitTags = fit.Count, FitResidualPs = fit.ResidualRms };
    }

    /// <summary>Least-squares line y = a + b x, accumulated in one pass with centred sums (Welford), numerically stable.</summary>
    private sealed class LinearFit
    {
        private double _mx, _my, _sxx, _sxy, _syy;
        private long _lastX = long.MinValue;

        public long Count { get; private set; }
        public int DistinctX { get; private set; }

        public void Add(long x, double y)
        {
            if (x != _lastX && DistinctX < 2) DistinctX++;
            _lastX = x;
            Count++;
            double dx = x - _mx, dy = y - _my;
            _mx += dx / Count;
            _my += dy / Count;
            _sxx += dx * (x - _mx);
            _sxy += dx * (y - _my);
            _syy += dy * (y - _my);
        }

        public double Slope => _sxy / _sxx;
        public double Intercept => _my - Slope * _mx;
        public double ResidualRms => Count > 2 ? Math.Sqrt(Math.Max(0, _syy - Slope * _sxy) / (Count - 2)) : 0;
    }
}
