using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Protocols.Cv.Ofdm;

/// <summary>
/// Sample-level OFDM multi-carrier state preparation and FFT demodulation (Wang et al., Eqs. (2), (4), (9), (10)):
/// per OFDM symbol, subcarrier k = 1..N carries z_k = I_k + j Q_k; the IFFT gives s(t) = Σ z_k e^{j2πf_k t}, so
/// I_s = Re s and Q_s = Im s (Eq. (2)); the IQ modulator outputs E/(2A) = G1 sin(μ I_s) + j G2 sin(μ Q_s) with
/// G1 = (1 + κ e^{jθ})/2, G2 = (1 + κ e^{−jθ})/2 (Eq. (4)); Bob's FFT gives the coefficient c_f of every frequency f and
/// X_k = 2A Re(c_k + c_−k) (the real(...) projection of Eq. (9)) or 2A Re(c_k) (complex receiver). The ideal quadrature is
/// X_k = 2A μ I_k (Eq. (10)) and ΔX_k = X_k − 2A μ I_k (Eq. (11)). No shot noise or channel is added: the measured
/// ⟨ΔX_k²⟩ is the modulation noise alone, directly comparable with ε_mod(k) of Eq. (15).
/// One instance owns its buffers and is not thread-safe; <see cref="Demodulate"/> allocates nothing after construction.
/// </summary>
public sealed class OfdmModulationSimulator
{
    private readonly Complex[] _field;
    private readonly double[] _i;
    private readonly double[] _q;
    private readonly double[] _x;
    private readonly Complex _g1;
    private readonly Complex _g2;

    public OfdmModulationSimulator(OfdmModulatorSettings settings, OfdmConstellation constellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(constellation);
        if (!(constellation.QuadratureVariance > 0)) throw new ArgumentException("quadrature variance must be > 0", nameof(constellation));
        Settings = settings;
        Constellation = constellation;
        int n = settings.SubcarrierCount;
        _field = new Complex[settings.FftLength];
        _i = new double[n];
        _q = new double[n];
        _x = new double[n];
        double kappa = settings.GainImbalance, theta = settings.QuadratureSkewRad;
        _g1 = (1.0 + kappa * Complex.FromPolarCoordinates(1.0, theta)) / 2.0;  // Eq. (4), G1
        _g2 = (1.0 + kappa * Complex.FromPolarCoordinates(1.0, -theta)) / 2.0; // Eq. (4), G2
        SignalAmplitude = Math.Sqrt(settings.ModulationVarianceSnu / (4.0 * settings.ModulationIndex * settings.ModulationIndex * constellation.QuadratureVariance)); // V_A = 4A²μ²σ1²
    }

    public OfdmModulatorSettings Settings { get; }

    public OfdmConstellation Constellation { get; }

    /// <summary>A_sig in √SNU, from V_A = 4 A² μ² σ1² with the constellation's exact σ1².</summary>
    public double SignalAmplitude { get; }

    /// <summary>
    /// Modulates one OFDM symbol with quadratures (I_k, Q_k), k = 1..N (element k−1), and writes Bob's demodulated X_k (SNU^½).
    /// </summary>
    public void Demodulate(ReadOnlySpan<double> i, ReadOnlySpan<double> q, Span<double> measuredX)
    {
        int n = Settings.SubcarrierCount, len = _field.Length;
        if (i.Length != n || q.Length != n || measuredX.Length != n)
            throw new ArgumentException($"I, Q and X must have length N = {n}");
        Array.Clear(_field);
        for (int k = 1; k <= n; k++) _field[k] = new Complex(i[k - 1], q[k - 1]);
        Fourier.Inverse(_field, FourierOptions.NoScaling); // s(t) = Σ_k z_k e^{j2πkt/len} (Eq. (2): I_s = Re s, Q_s = Im s)

        double mu = Settings.ModulationIndex;
        bool linear = Settings.Transfer == ModulatorTransfer.Linear;
        for (int t = 0; t < len; t++)
        {
            double a = mu * _field[t].Real, b = mu * _field[t].Imaginary;
            double fa = linear ? a : Math.Sin(a), fb = linear ? b : Math.Sin(b);
            _field[t] = _g1 * fa + Complex.ImaginaryOne * _g2 * fb; // Eq. (4) without the common 2A e^{j2πf_s t}
        }
        Fourier.Forward(_field, FourierOptions.NoScaling);

        double scale = 2.0 * SignalAmplitude / len; // c_f = FFT/len; X = 2A Re(...)
        bool fold = Settings.Projection == SubcarrierProjection.PaperImageFolded;
        for (int k = 1; k <= n; k++)
        {
            double re = _field[k].Real + (fold ? _field[len - k].Real : 0.0); // Eq. (9): real part of the +f_k and −f_k terms
            measuredX[k - 1] = scale * re;
        }
    }

    /// <summary>Ideal X_k = 2A μ I_k (Eq. (10)).</summary>
    public double IdealX(double i) => 2.0 * SignalAmplitude * Settings.ModulationIndex * i;

    /// <summary>
    /// Simulates <paramref name="symbolCount"/> OFDM symbols with random (I_k, Q_k) drawn from the stream "ofdm-symbols" of
    /// <see cref="RngStreams"/>(rootSeed) and returns ⟨ΔX_k²⟩ per subcarrier (same seed, same numbers).
    /// </summary>
    public OfdmExcessNoiseMeasurement MeasureExcessNoise(ulong rootSeed, int symbolCount)
    {
        if (symbolCount < 2) throw new ArgumentOutOfRangeException(nameof(symbolCount), symbolCount, "must be >= 2");
        int n = Settings.SubcarrierCount;
        var rng = new RngStreams(rootSeed).StreamFor("ofdm-symbols");
        var sum2 = new double[n];
        var sum4 = new double[n];
        for (int s = 0; s < symbolCount; s++)
        {
            for (int k = 0; k < n; k++) { _i[k] = Constellation.Sample(ref rng); _q[k] = Constellation.Sample(ref rng); }
            Demodulate(_i, _q, _x);
            for (int k = 0; k < n; k++)
            {
                double d = _x[k] - IdealX(_i[k]); // ΔX_k, Eq. (11)
                double d2 = d * d;
                sum2[k] += d2;
                sum4[k] += d2 * d2;
            }
        }
        var mean = new double[n];
        var stdErr = new double[n];
        for (int k = 0; k < n; k++)
        {
            mean[k] = sum2[k] / symbolCount;
            double var = Math.Max(0.0, sum4[k] / symbolCount - mean[k] * mean[k]);
            stdErr[k] = Math.Sqrt(var / (symbolCount - 1));
        }
        return new OfdmExcessNoiseMeasurement(Settings, Constellation.Name, symbolCount, mean, stdErr);
    }
}
