using QkdNetSim.Analysis;

namespace QkdNetSim.Tests.Analysis;

/// <summary>The signal-state single-photon error bound (Lo-Ma-Chen / MQZL e1 form) in Lim's count form.</summary>
public class SignalErrorBoundTests
{
    [Fact]
    public void CountFormEqualsLoMaChenGainForm()
    {
        // Expected counts of a Froehlich-like session (no fluctuations): the count-form bound divided by s1 must equal
        // e1 <= (E_mu Q_mu e^mu - Y0/2) / (Y1 mu) computed from gains with the MQZL Y0^L and Y1^L.
        var input = FroehlichLikeCounts.Build();
        double[] mu = input.MeanPhotons, p = input.IntensityProbabilities;
        double tau0 = PhotonNumberPrior.Tau(0, mu, p), tau1 = PhotonNumberPrior.Tau(1, mu, p);
        int b = 0;
        double nb = input.EmittedPulses!.Sum() * input.BasisMatchProbability(b);
        double[] q = Enumerable.Range(0, 3).Select(k => input.SiftedCounts[b][k] / (input.EmittedPulses![k] * input.BasisMatchProbability(b))).ToArray();
        double e0 = (double)input.ErrorCounts[b][0] / input.SiftedCounts[b][0];
        double y0 = MqzlTwoDecoy.Y0Lower(mu[1], mu[2], q[1], q[2]);
        double y1 = MqzlTwoDecoy.Y1Lower(mu[0], mu[1], mu[2], q[0], q[1], q[2], y0);
        double e1GainForm = (e0 * q[0] * Math.Exp(mu[0]) - y0 / 2) / (y1 * mu[0]);

        double s0 = tau0 * nb * y0, s1 = tau1 * nb * y1;
        double mPlus1 = Math.Exp(mu[0]) / p[0] * input.ErrorCounts[b][0];
        double v1 = DecoyCountBounds.SingleErrorsUpperFromSignal(mu, tau0, tau1, mPlus1, DecoyCountBounds.VacuumErrorsLower(s0, 0));
        Assert.Equal(e1GainForm, v1 / s1, 6);
    }

    [Fact]
    public void VacuumErrorLowerBoundIsHoeffding()
    {
        Assert.Equal(5000.0, DecoyCountBounds.VacuumErrorsLower(10000, 0));
        double eps = 1e-12;
        Assert.Equal(5000 - Math.Sqrt(10000 * Math.Log(1 / eps) / 2), DecoyCountBounds.VacuumErrorsLower(10000, eps), 9);
        Assert.Equal(0.0, DecoyCountBounds.VacuumErrorsLower(10, eps));
    }

    [Fact]
    public void FiniteSinglePhotonErrorNeverBelowAsymptotic()
    {
        // The finite bound adds Chernoff/Hoeffding deviations on the safe side of both the decoy and the signal forms.
        foreach (double scale in new[] { 0.01, 0.1, 1, 10 })
        {
            var r = DecoyBb84Analysis.Analyze(FroehlichLikeCounts.Build(scale: scale));
            Assert.True(r.SinglePhotonErrorRateFinite[0] >= r.SinglePhotonErrorRateAsymptotic[0]);
        }
    }
}
