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

    [Fact]
    public void Without_the_signal_state_bound_the_asymptotic_e1_is_the_mqzl_decoy_bound_and_the_budget_is_lims_21_terms()
    {
        // With the switch off, v1 comes from Lim Eq. (4) alone: with exact counts it is MQZL's e1^U from the two decoys
        // (gain form), to the rounding of the counts (relative 1e-6 at ~1e5 decoy counts; 5 digits asserted).
        var input = FroehlichLikeCounts.Build(form: ChernoffForm.ExactInversion);
        var off = DecoyBb84Analysis.Analyze(Copy(input, signalBound: false));
        var on = DecoyBb84Analysis.Analyze(input);
        double[] mu = input.MeanPhotons;
        int b = 0;
        double[] q = Enumerable.Range(0, 3).Select(k => input.SiftedCounts[b][k] / (input.EmittedPulses![k] * input.BasisMatchProbability(b))).ToArray();
        double[] e = Enumerable.Range(0, 3).Select(k => (double)input.ErrorCounts[b][k] / input.SiftedCounts[b][k]).ToArray();
        double y0 = MqzlTwoDecoy.Y0Lower(mu[1], mu[2], q[1], q[2]);
        double y1 = MqzlTwoDecoy.Y1Lower(mu[0], mu[1], mu[2], q[0], q[1], q[2], y0);
        double e1Decoy = MqzlTwoDecoy.E1Upper(mu[1], mu[2], q[1], q[2], e[1], e[2], y1);
        Assert.Equal(e1Decoy, off.SinglePhotonErrorRateAsymptotic[b], 5);
        // Failure budget per bound: eps_sec/(2*21) off, eps_sec/(2*23) on (the signal-state bound's 2 slots per block).
        Assert.Equal(input.EpsSec / (2 * DecoyBb84Analysis.LimSecurityTerms), off.ChernoffFailurePerBound);
        Assert.Equal(input.EpsSec / (2 * DecoyBb84Analysis.SecurityTerms), on.ChernoffFailurePerBound);
        // On, the finite e1 is the smaller of the two bounds: here the signal one (signal errors are ~100x the decoy
        // errors, so their Chernoff deviation is relatively ~10x smaller), so it is strictly below the decoy-only e1.
        Assert.True(on.SinglePhotonErrorRateFinite[b] < off.SinglePhotonErrorRateFinite[b],
            $"with {on.SinglePhotonErrorRateFinite[b]:R} vs without {off.SinglePhotonErrorRateFinite[b]:R}");
        Assert.True(on.FiniteKeyLengthBits > off.FiniteKeyLengthBits);
    }

    private static DecoyBb84Input Copy(DecoyBb84Input i, bool signalBound) => new()
    {
        MeanPhotons = i.MeanPhotons, IntensityProbabilities = i.IntensityProbabilities, SiftedCounts = i.SiftedCounts,
        ErrorCounts = i.ErrorCounts, SessionTimeS = i.SessionTimeS, EmittedPulses = i.EmittedPulses, EpsSec = i.EpsSec,
        EpsCor = i.EpsCor, Chernoff = i.Chernoff, SignalStateErrorBound = signalBound,
    };
}
