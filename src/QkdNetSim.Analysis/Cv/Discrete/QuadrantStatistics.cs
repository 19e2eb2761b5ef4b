using System.Numerics;
using MathNet.Numerics;

namespace QkdNetSim.Analysis.Cv.Discrete;

/// <summary>
/// Heterodyne statistics of the quadrant key map (seed paper Eq. (1) without postselection; Lin et al., PRX 9, 041064
/// (2019), Eq. for the QPSK key map). Units: complex amplitudes (vacuum quadrature variance 1/4); the heterodyne outcome y
/// of |beta&gt; has the Husimi Q-function (1/pi) exp(-|y - beta|^2), so Re y and Im y are independent normals with mean
/// Re beta, Im beta and variance 1/2. Gaussian excess noise xi (SNU, referred to the channel input) adds T xi / 4 and a
/// trusted detector with input-referred heterodyne noise chi_het (SNU, 1 for an ideal detector) gives per quadrature
/// sigma^2 = (1 + T xi + chi_het) / 4, mean sqrt(T) beta (the eta of the detector is folded into chi_het as in
/// <see cref="TrustedDetector.InputReferredNoiseSnu"/>).
/// Quadrant z = 0, 1, 2, 3 holds arg y in [z pi/2, (z+1) pi/2), i.e. the QPSK point (2z+1) pi/4.
/// </summary>
public static class QuadrantStatistics
{
    /// <summary>Per-quadrature standard deviation of Bob's heterodyne outcome (amplitude units): sqrt((1 + T xi + chi_het)/4).</summary>
    public static double OutcomeSigma(double transmittance, double excessNoiseSnu = 0.0, double detectorNoiseSnu = 1.0)
        => Math.Sqrt((1.0 + transmittance * excessNoiseSnu + detectorNoiseSnu) / 4.0);

    /// <summary>P(a normal of mean m and standard deviation sigma is &gt; 0) = erfc(-m / (sigma sqrt 2)) / 2.</summary>
    public static double PositiveProbability(double mean, double sigma) => 0.5 * SpecialFunctions.Erfc(-mean / (sigma * Math.Sqrt(2.0)));

    /// <summary>P(z | mean outcome <paramref name="mean"/>) for the four quadrants (quadratures independent).</summary>
    public static double[] QuadrantProbabilities(Complex mean, double sigma)
    {
        double px = PositiveProbability(mean.Real, sigma), py = PositiveProbability(mean.Imaginary, sigma);
        return new[] { px * py, (1 - px) * py, (1 - px) * (1 - py), px * (1 - py) };
    }

    /// <summary>Joint distribution p(k, z) = p_k P(z | sqrt(T) alpha_k) for Bob at transmittance T.</summary>
    public static double[,] Joint(Constellation c, double transmittance, double sigma)
    {
        var joint = new double[c.Count, 4];
        double s = Math.Sqrt(transmittance);
        for (int k = 0; k < c.Count; k++)
        {
            var pz = QuadrantProbabilities(c.Point(k) * s, sigma);
            for (int z = 0; z < 4; z++) joint[k, z] = c.Probability(k) * pz[z];
        }
        return joint;
    }

    /// <summary>I(A:Z) in bits (Alice's symbol vs Bob's quadrant) from the joint distribution.</summary>
    public static double MutualInformationBits(double[,] joint)
    {
        int nk = joint.GetLength(0), nz = joint.GetLength(1);
        var pk = new double[nk];
        var pz = new double[nz];
        for (int k = 0; k < nk; k++)
            for (int z = 0; z < nz; z++) { pk[k] += joint[k, z]; pz[z] += joint[k, z]; }
        double i = 0;
        for (int k = 0; k < nk; k++)
            for (int z = 0; z < nz; z++)
                if (joint[k, z] > 0) i += joint[k, z] * Math.Log2(joint[k, z] / (pk[k] * pz[z]));
        return Math.Max(0.0, i);
    }

    /// <summary>I(A:Z) of the quadrant key map for Bob at transmittance T with excess noise xi and detector noise chi_het.</summary>
    public static double AliceBobBits(Constellation c, double transmittance, double excessNoiseSnu = 0.0, double detectorNoiseSnu = 1.0)
        => MutualInformationBits(Joint(c, transmittance, OutcomeSigma(transmittance, excessNoiseSnu, detectorNoiseSnu)));

    /// <summary>
    /// QPSK, scenario d: I(Z_i : Y_j) in bits between Bob i's quadrant Z_i and Bob j's continuous heterodyne outcome Y_j,
    /// both seeing amplitude alpha sqrt(T_i), alpha sqrt(T_j) (own reconstruction of the seed paper's Eq. (3) term).
    /// Given Alice's symbol the two outcomes are independent and, for QPSK, each quadrature carries one of Alice's two
    /// independent uniform bits s = ±1, so I = 2 I_1 with, per quadrature,
    /// I_1 = 1 - E_x[h(P(b_i = + | x_j))], P(s = + | x_j) = 1/(1 + exp(-2 m_j x_j / sigma_j^2)),
    /// P(b_i = + | x_j) = (1 - e_i) P(s = +|x_j) + e_i P(s = -|x_j), e_i = P(b_i != s), x_j ~ (N(m_j) + N(-m_j))/2.
    /// Integrated with Simpson's rule on +-(m_j + 12 sigma_j).
    /// </summary>
    public static double QpskBobBobBits(double alpha, double transmittanceI, double transmittanceJ, double sigmaI, double sigmaJ)
    {
        double mi = alpha * Math.Sqrt(transmittanceI / 2.0), mj = alpha * Math.Sqrt(transmittanceJ / 2.0);
        double e = 1.0 - PositiveProbability(mi, sigmaI);
        return 2.0 * BitVersusNoisyCopyBits(e, mj, sigmaJ);
    }

    /// <summary>
    /// I(B : X) for a uniform bit s, B = s flipped with probability e, X ~ N(s m, sigma^2) independent of B given s:
    /// 1 - E_x[h(P(B = + | x))], P(s = + | x) = 1/(1 + exp(-2 m x / sigma^2)). Simpson's rule on +-(m + 12 sigma), 4000 panels
    /// (the integrand varies on the scale sigma, so this is converged far below 1e-9).
    /// </summary>
    public static double BitVersusNoisyCopyBits(double e, double m, double sigma)
    {
        double lim = m + 12.0 * sigma;
        const int n = 4000;
        double h = 2 * lim / n, acc = 0;
        double norm = 1.0 / (sigma * Math.Sqrt(2 * Math.PI));
        for (int i = 0; i <= n; i++)
        {
            double x = -lim + i * h;
            double pdf = 0.5 * norm * (Math.Exp(-(x - m) * (x - m) / (2 * sigma * sigma)) + Math.Exp(-(x + m) * (x + m) / (2 * sigma * sigma)));
            double sPlus = 1.0 / (1.0 + Math.Exp(-2 * m * x / (sigma * sigma)));
            double bPlus = (1 - e) * sPlus + e * (1 - sPlus);
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            acc += w * pdf * BinaryEntropy.Bits(Math.Min(bPlus, 1.0 - bPlus)); // Bits clamps at 0.5, h is symmetric
        }
        return Math.Max(0.0, 1.0 - acc * h / 3.0);
    }
}
