using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

/// <summary>
/// Lim's count-form bounds with zero statistical deviation equal MQZL's gain-form two-decoy bounds scaled by tau_n N_b:
/// s0 = tau0 N_b Y0^L, s1 = tau1 N_b Y1^L, v1/s1 = e1^U, where N_b = sifted pulses of basis b and Q_k = n_k / (N_b p_k).
/// </summary>
public class MqzlEquivalenceTests
{
    [Theory]
    [InlineData(0.005, 1.0)]
    [InlineData(0.03, 0.01)]
    public void AsymptoticCountFormEqualsMqzlGainForm(double opticalError, double scale)
    {
        var input = FroehlichLikeCounts.Build(opticalError, scale);
        var r = DecoyBb84Analysis.Analyze(input);
        double[] mu = input.MeanPhotons, p = input.IntensityProbabilities;
        double tau0 = 0, tau1 = 0;
        for (int k = 0; k < 3; k++)
        {
            tau0 += p[k] * Math.Exp(-mu[k]);
            tau1 += p[k] * Math.Exp(-mu[k]) * mu[k];
        }
        for (int b = 0; b < 2; b++)
        {
            // independent gain-form computation (MQZL, signal mu, decoys nu1 > nu2); N_b chosen so that p_k N_b is the pulse count
            double nb = FroehlichLikeCounts.Pulses * scale / 4;
            var q = new double[3];
            var e = new double[3];
            for (int k = 0; k < 3; k++)
            {
                q[k] = input.SiftedCounts[b][k] / (nb * p[k]);
                e[k] = (double)input.ErrorCounts[b][k] / input.SiftedCounts[b][k];
            }
            double y0 = Math.Max(0, (mu[1] * q[2] * Math.Exp(mu[2]) - mu[2] * q[1] * Math.Exp(mu[1])) / (mu[1] - mu[2]));
            double y1 = mu[0] / (mu[0] * mu[1] - mu[0] * mu[2] - mu[1] * mu[1] + mu[2] * mu[2])
                * (q[1] * Math.Exp(mu[1]) - q[2] * Math.Exp(mu[2]) - (mu[1] * mu[1] - mu[2] * mu[2]) / (mu[0] * mu[0]) * (q[0] * Math.Exp(mu[0]) - y0));
            double e1 = (e[1] * q[1] * Math.Exp(mu[1]) - e[2] * q[2] * Math.Exp(mu[2])) / ((mu[1] - mu[2]) * y1);

            var blk = r.Asymptotic[b];
            Assert.Equal(1.0, blk.S0LowerBits / (tau0 * nb * y0), 9);
            Assert.Equal(1.0, blk.S1LowerBits / (tau1 * nb * y1), 9);
            Assert.Equal(1.0, r.SinglePhotonErrorRateAsymptotic[b] / e1, 9);

            // the library's own MQZL implementation agrees too (its gains use the emitted-pulse normalisation)
            Assert.Equal(1.0, r.Y1Lower![b] / y1, 6);
            Assert.Equal(1.0, r.Y0Lower![b] / y0, 6);
            Assert.Equal(1.0, MqzlTwoDecoy.E1Upper(mu[1], mu[2], q[1], q[2], e[1], e[2], y1) / e1, 12);
        }
    }
}
