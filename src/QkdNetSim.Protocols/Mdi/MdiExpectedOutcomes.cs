using MathNet.Numerics;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Closed-form (quadrature) expectation of a BSM module's two-fold outcomes per state pair, from the same coherent-field
/// model as the engines (<see cref="BsmOptics"/>): given the phases, each detector's events form a Poisson process
/// (Gaussian photon arrival about each bin, uniform darks), independent between detectors; the logged bin is that of the
/// detector's first event, if it falls in a window. The phase average uses a 64-point trapezoid in Phi (periodic and
/// analytic, so exponentially convergent) and a 41-point Simpson rule over +-6 sigma of the drift delta.
/// </summary>
/// <remarks>
/// <para>
/// Per detector with mode means m_e, m_l (set by the phases) the event intensity in the slot is
/// lambda(t) = dark / T + m_e g(t; c_e, s) + m_l g(t; c_l, s): g the Gaussian density, c_b the bin centre plus the pair's
/// arrival-centroid shift, s the detector's time spread, T the slot period. Photon times are clamped into the slot, so
/// Gaussian mass before the slot start counts from 0. An interval I = [a, b] then holds a Poisson number of events with
/// mean Lambda(I) = dark (b - a) / T + m_e M_e(I) + m_l M_l(I), M_b(I) = [erfc((a - c_b) / (s sqrt2)) -
/// erfc((b - c_b) / (s sqrt2))] / 2 (a = 0 taken as -inf), and the first event falls in window W = [w_lo, w_hi] with
/// P = e^{-Lambda([0, w_lo])} (1 - e^{-Lambda(W)}): none before, at least one inside. Both detectors are independent given
/// the phases, so P(b0, b1) is the phase average of the product of their first-event probabilities.
/// </para>
/// <para>
/// Only m_e, m_l depend on the phases. The constructor therefore computes once per pair and detector the coefficients
/// (dark (b - a) / T, M_e, M_l) of the four intervals (before and inside each window), and once per grid the cosines:
/// cos(Phi) at the 64 nodes and, per distinct late encoding phase theta, cos(Phi + theta + delta) at all nodes. The early
/// windows see delta only through the late photons' tail, the late windows only through the late interference
/// kappa sqrt(A_l B_l); where the tail is exactly 0 in double (seed 002: windows 5 ns apart), or the amplitude is 0 (a
/// user's vacuum state), those factors are computed once per Phi and reused for every delta row. Every node evaluates
/// the same expressions as a direct evaluation, so the results are the same to the last bit.
/// </para>
/// <para>
/// Exact for the engines when each detector is alive at the slot start and its dead time covers the slot's windows
/// (dead time &gt;= late-window end - early-window start) but ends before the next slot's early window; otherwise
/// (e.g. seed 002's 40 ns dead time at 10 ns slots) the engines add the dead-time losses this model leaves out.
/// </para>
/// </remarks>
public sealed class MdiExpectedOutcomes
{
    private const int PhiPoints = 64, DeltaPoints = 41;

    // Poisson mean of an interval as a function of the mode means: Dark + m_e Early + m_l Late.
    private readonly record struct Interval(double Dark, double Early, double Late)
    {
        public double Mean(double me, double ml) => Dark + me * Early + ml * Late;
    }

    private readonly BsmOptics _o;
    // [(pair * 2 + detector) * 4 + j], j = 0 before the early window, 1 in it, 2 before the late window, 3 in it.
    private readonly Interval[] _intervals;
    // Grid: delta rows (weights, sum of weights over all nodes), cos(Phi), and per late phase cos(Phi + theta + delta).
    private readonly double[] _weight, _cosPhi = new double[PhiPoints];
    private readonly double _weightSum;
    private readonly Dictionary<double, double[]> _cosLate = [];

    public MdiExpectedOutcomes(BsmOptics optics, MdiTiming timing)
    {
        _o = optics;
        double half = timing.CoincidenceWindowPs / 2;
        double eLo = timing.EarlyOffsetPs - half, eHi = eLo + timing.CoincidenceWindowPs;
        double lLo = timing.LateOffsetPs - half, lHi = lLo + timing.CoincidenceWindowPs;
        double period = timing.SlotPeriodPs;
        _intervals = new Interval[optics.PairCount * 8];
        for (int pair = 0; pair < optics.PairCount; pair++)
        for (int k = 0; k < 2; k++)
        {
            double ce = timing.EarlyOffsetPs + optics.ShiftEarlyPs(pair), cl = timing.LateOffsetPs + optics.ShiftLatePs(pair);
            double dark = k == 0 ? optics.DarkPerSlot0 : optics.DarkPerSlot1;
            double spread = k == 0 ? optics.TimeSpreadRms0Ps : optics.TimeSpreadRms1Ps;
            var iv = _intervals.AsSpan((pair * 2 + k) * 4, 4);
            iv[0] = Of(0, eLo); iv[1] = Of(eLo, eHi);
            iv[2] = Of(0, lLo); iv[3] = Of(lLo, lHi);

            Interval Of(double a, double b)
            {
                double lo = a <= 0 ? double.NegativeInfinity : a;
                return new(dark * (b - a) / period, Mass(ce, lo, b), Mass(cl, lo, b));
            }
            double Mass(double c, double a, double b) =>
                0.5 * (SpecialFunctions.Erfc((a - c) / (spread * Math.Sqrt(2))) - SpecialFunctions.Erfc((b - c) / (spread * Math.Sqrt(2))));
        }

        double sd = optics.PhaseDriftRms;
        int nd = sd > 0 ? DeltaPoints : 1;
        _weight = new double[nd];
        var delta = new double[nd];
        for (int id = 0; id < nd; id++)
        {
            _weight[id] = 1;
            if (nd > 1)
            {
                double x = -6 + 12.0 * id / (DeltaPoints - 1);
                delta[id] = x * sd;
                double simpson = id == 0 || id == DeltaPoints - 1 ? 1 : id % 2 == 1 ? 4 : 2;
                _weight[id] = simpson * Math.Exp(-x * x / 2);
            }
            _weightSum += _weight[id] * PhiPoints;
        }
        for (int ip = 0; ip < PhiPoints; ip++) _cosPhi[ip] = Math.Cos(Phi(ip));
        for (int pair = 0; pair < optics.PairCount; pair++)
        {
            double theta = optics.LatePhase(pair);
            if (_cosLate.ContainsKey(theta)) continue;
            var c = _cosLate[theta] = new double[nd * PhiPoints];
            for (int id = 0; id < nd; id++)
            for (int ip = 0; ip < PhiPoints; ip++) c[id * PhiPoints + ip] = Math.Cos(Phi(ip) + theta + delta[id]);
        }

        static double Phi(int ip) => 2 * Math.PI * ip / PhiPoints;
    }

    /// <summary>
    /// P(two-fold coincidence with detector-0 bin b0 and detector-1 bin b1) for state pair <paramref name="pair"/>:
    /// [b0 * 2 + b1], b = 0 early, 1 late. |Psi-> is b0 != b1.
    /// </summary>
    public double[] TwoFold(int pair)
    {
        var iv0 = _intervals.AsSpan(pair * 8, 4);
        var iv1 = _intervals.AsSpan(pair * 8 + 4, 4);
        var cosLate = _cosLate[_o.LatePhase(pair)];
        bool earlyByPhi = iv0[0].Late == 0 && iv0[1].Late == 0 && iv1[0].Late == 0 && iv1[1].Late == 0;
        bool lateByPhi = _o.LateAmplitude(pair) == 0;
        Span<double> f0e = stackalloc double[PhiPoints], f1e = stackalloc double[PhiPoints];
        Span<double> f0l = stackalloc double[PhiPoints], f1l = stackalloc double[PhiPoints];
        double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        for (int id = 0; id < _weight.Length; id++)
        {
            double wd = _weight[id];
            for (int ip = 0; ip < PhiPoints; ip++)
            {
                _o.ModeMeansFromCos(pair, _cosPhi[ip], cosLate[id * PhiPoints + ip], out double m0e, out double m0l, out double m1e, out double m1l);
                if (id == 0 || !earlyByPhi)
                {
                    f0e[ip] = FirstIn(iv0[0], iv0[1], m0e, m0l);
                    f1e[ip] = FirstIn(iv1[0], iv1[1], m1e, m1l);
                }
                if (id == 0 || !lateByPhi)
                {
                    f0l[ip] = FirstIn(iv0[2], iv0[3], m0e, m0l);
                    f1l[ip] = FirstIn(iv1[2], iv1[3], m1e, m1l);
                }
                r0 += wd * f0e[ip] * f1e[ip];
                r1 += wd * f0e[ip] * f1l[ip];
                r2 += wd * f0l[ip] * f1e[ip];
                r3 += wd * f0l[ip] * f1l[ip];
            }
        }
        return [r0 / _weightSum, r1 / _weightSum, r2 / _weightSum, r3 / _weightSum];
    }

    /// <summary>P(|Psi->) for a state pair: one detector first-fires early, the other late.</summary>
    public double PsiMinus(int pair)
    {
        var t = TwoFold(pair);
        return t[1] + t[2];
    }

    // P(first event of the slot falls in a window) = e^{-Lambda(before)} (1 - e^{-Lambda(window)}).
    private static double FirstIn(Interval before, Interval window, double me, double ml) =>
        Math.Exp(-before.Mean(me, ml)) * -Samplers.ExpM1(-window.Mean(me, ml));
}
