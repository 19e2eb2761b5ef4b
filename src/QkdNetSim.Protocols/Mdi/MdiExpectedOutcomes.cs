using MathNet.Numerics;

namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Closed-form (quadrature) expectation of a BSM module's two-fold outcomes per state pair, from the same coherent-field
/// model as the engines (<see cref="BsmOptics"/>): given the phases, each detector's events form a Poisson process
/// (Gaussian photon arrival about each bin, uniform darks), independent between detectors; the logged bin is that of the
/// detector's first event, if it falls in a window. The phase average uses a 64-point trapezoid in Phi (periodic and
/// analytic, so exponentially convergent) and a 41-point Simpson rule over +-6 sigma of the drift delta.
/// </summary>
/// <remarks>
/// Exact for the engines when each detector is alive at the slot start and its dead time covers the slot's windows
/// (dead time &gt;= late-window end - early-window start) but ends before the next slot's early window; otherwise
/// (e.g. seed 002's 40 ns dead time at 10 ns slots) the engines add the dead-time losses this model leaves out.
/// </remarks>
public sealed class MdiExpectedOutcomes
{
    private const int PhiPoints = 64, DeltaPoints = 41;

    private readonly BsmOptics _o;
    private readonly double _eLo, _eHi, _lLo, _lHi, _period, _ce, _cl;

    public MdiExpectedOutcomes(BsmOptics optics, MdiTiming timing)
    {
        _o = optics;
        double half = timing.CoincidenceWindowPs / 2;
        _eLo = timing.EarlyOffsetPs - half; _eHi = _eLo + timing.CoincidenceWindowPs;
        _lLo = timing.LateOffsetPs - half; _lHi = _lLo + timing.CoincidenceWindowPs;
        _period = timing.SlotPeriodPs;
        _ce = timing.EarlyOffsetPs;
        _cl = timing.LateOffsetPs;
    }

    /// <summary>
    /// P(two-fold coincidence with detector-0 bin b0 and detector-1 bin b1) for state pair <paramref name="pair"/>:
    /// [b0 * 2 + b1], b = 0 early, 1 late. |Psi-> is b0 != b1.
    /// </summary>
    public double[] TwoFold(int pair)
    {
        var result = new double[4];
        double sd = _o.PhaseDriftRms;
        int nd = sd > 0 ? DeltaPoints : 1;
        double wsum = 0;
        for (int id = 0; id < nd; id++)
        {
            double delta = 0, wd = 1;
            if (nd > 1)
            {
                double x = -6 + 12.0 * id / (DeltaPoints - 1);
                delta = x * sd;
                double simpson = id == 0 || id == DeltaPoints - 1 ? 1 : id % 2 == 1 ? 4 : 2;
                wd = simpson * Math.Exp(-x * x / 2);
            }
            for (int ip = 0; ip < PhiPoints; ip++)
            {
                double phi = 2 * Math.PI * ip / PhiPoints;
                _o.ModeMeans(pair, phi, delta, out double m0e, out double m0l, out double m1e, out double m1l);
                FirstInWindow(pair, m0e, m0l, _o.DarkPerSlot0, _o.TimeSpreadRms0Ps, out double f0e, out double f0l);
                FirstInWindow(pair, m1e, m1l, _o.DarkPerSlot1, _o.TimeSpreadRms1Ps, out double f1e, out double f1l);
                result[0] += wd * f0e * f1e;
                result[1] += wd * f0e * f1l;
                result[2] += wd * f0l * f1e;
                result[3] += wd * f0l * f1l;
            }
            wsum += wd * PhiPoints;
        }
        for (int i = 0; i < 4; i++) result[i] /= wsum;
        return result;
    }

    /// <summary>P(|Psi->) for a state pair: one detector first-fires early, the other late.</summary>
    public double PsiMinus(int pair)
    {
        var t = TwoFold(pair);
        return t[1] + t[2];
    }

    // P(first event of the slot is in the early window) and (... in the late window) for a Poisson process with
    // early photons N(ce + shift, s^2), late photons N(cl + shift, s^2), darks uniform on the slot.
    private void FirstInWindow(int pair, double me, double ml, double dark, double spread, out double fe, out double fl)
    {
        double ce = _ce + _o.ShiftEarlyPs(pair), cl = _cl + _o.ShiftLatePs(pair);
        double before = Lambda(0, _eLo), inE = Lambda(_eLo, _eHi);
        double beforeL = Lambda(0, _lLo), inL = Lambda(_lLo, _lHi);
        fe = Math.Exp(-before) * -QkdNetSim.Core.Random.Samplers.ExpM1(-inE);
        fl = Math.Exp(-beforeL) * -QkdNetSim.Core.Random.Samplers.ExpM1(-inL);

        // Photon times are clamped into the slot, so the mass before the slot start counts as "before" (a = 0 -> -inf).
        double Lambda(double a, double b)
        {
            double lo = a <= 0 ? double.NegativeInfinity : a;
            return dark * (b - a) / _period + me * Mass(ce, lo, b) + ml * Mass(cl, lo, b);
        }
        double Mass(double c, double a, double b) =>
            0.5 * (SpecialFunctions.Erfc((a - c) / (spread * Math.Sqrt(2))) - SpecialFunctions.Erfc((b - c) / (spread * Math.Sqrt(2))));
    }
}
