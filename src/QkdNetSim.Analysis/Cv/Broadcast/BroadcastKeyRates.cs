namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// Multi-user end-to-end key rates of Bian et al., arXiv:2507.04462, computed from the network covariance matrix
/// (<see cref="BroadcastState"/>) with the toolkit's heterodyne conditioning and symplectic spectra, so no closed form
/// is assumed: Eve purifies A B_1..B_N, every Bob's detector ancilla D_i is trusted, Eve may hold the other Bobs'
/// outcomes b_r (not their modes) when attacking Bob i. Reverse reconciliation, collective attacks, asymptotic.
/// </summary>
public static class BroadcastKeyRates
{
    /// <summary>
    /// Computes all rates. With <paramref name="shareIdenticalUsers"/> (default) users with equal parameters are computed
    /// once: the uniform splitter tree makes the covariance matrix symmetric under exchanging them (Eqs. 29-31 do not
    /// depend on i), so their terms are identical; this turns the N^2-mode-conditioning cost of N = 64 into one user's.
    /// </summary>
    public static BroadcastKeyRateResult Compute(BroadcastNetwork network, bool shareIdenticalUsers = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Compute(BroadcastState.Of(network), network.ReconciliationEfficiency,
            shareIdenticalUsers ? i => network.Users[i] : i => i);
    }

    /// <summary>
    /// Rates of any network state (A, B_1..B_N and trusted detector modes D_1..D_N, e.g. from
    /// <see cref="BroadcastState.WithTrustedDetectors"/> on an estimated covariance matrix); every user computed.
    /// </summary>
    public static BroadcastKeyRateResult Compute(BroadcastState state, double reconciliationEfficiency)
        => Compute(state, reconciliationEfficiency, i => i);

    /// <summary>Users with equal <paramref name="userKey"/> are computed once (their terms are identical by symmetry).</summary>
    private static BroadcastKeyRateResult Compute(BroadcastState state, double beta, Func<int, object> userKey)
    {
        var gamma = state.Covariance;
        int n = state.UserCount;
        int[] bobs = Enumerable.Range(0, n).Select(state.BobMode).ToArray();

        var users = new BroadcastUserKeyRate[n];
        var computed = new Dictionary<object, BroadcastUserKeyRate>();
        for (int i = 0; i < n; i++)
        {
            if (computed.TryGetValue(userKey(i), out var same))
            {
                users[i] = same;
                continue;
            }
            int bi = state.BobMode(i);
            int[] others = bobs.Where(m => m != bi).ToArray();
            double iab = HeterodyneOutcomeInformation.Bits(gamma, bi, new[] { BroadcastState.AliceMode }); // Eq. 22
            double ibr = HeterodyneOutcomeInformation.Bits(gamma, bi, others);                             // Eq. 23

            // Eq. 25: S(E|b_r) = S(A B_i D | b_r), S(E|b_i b_r) = S(A D | b_i b_r) (Eve purifies; D trusted, Methods C).
            var givenRest = MeasureHeterodyne(gamma, others);     // modes A, B_i, D_1..D_N
            double sGivenRest = VonNeumannEntropy.Bits(givenRest);
            var givenAll = GaussianMeasurement.AfterHeterodyne(givenRest, 1); // modes A, D_1..D_N
            double sGivenAll = VonNeumannEntropy.Bits(givenAll);
            double holevo = sGivenRest - sGivenAll;
            double key = beta * iab - ibr - holevo; // Eq. 7 / 21

            // Worst case (Fig. 2c): Eve holds E and the modes B_r; S(E B_r) = S(A B_i D_i), S(E B_r | b_i) = S(A D_i | b_i).
            var own = gamma.Submatrix(BroadcastState.AliceMode, bi, state.DetectorMode(i));
            double worst = VonNeumannEntropy.Bits(own) - VonNeumannEntropy.Bits(GaussianMeasurement.AfterHeterodyne(own, 1));
            users[i] = new BroadcastUserKeyRate(iab, ibr, sGivenRest, sGivenAll, holevo, key, worst, beta * iab - worst);
            computed[userKey(i)] = users[i];
        }

        // Upper limit (co-located Bobs): K_UB = beta I(a:b_1..b_N) - S(b_1..b_N:E), S(b:E) = S(A B D) - S(A D | b_1..b_N).
        double iUb = HeterodyneOutcomeInformation.Bits(gamma, BroadcastState.AliceMode, bobs);
        double holevoUb = VonNeumannEntropy.Bits(gamma) - VonNeumannEntropy.Bits(MeasureHeterodyne(gamma, bobs));
        return new BroadcastKeyRateResult(users, beta * iUb - holevoUb, iUb, holevoUb);
    }

    /// <summary>Conditional state after ideal heterodyne of <paramref name="modes"/> (others keep their order).</summary>
    private static CovarianceMatrix MeasureHeterodyne(CovarianceMatrix state, IEnumerable<int> modes)
    {
        // Highest index first, so the indices still to be measured are not shifted by earlier removals.
        foreach (int m in modes.OrderByDescending(m => m))
            state = GaussianMeasurement.AfterHeterodyne(state, m);
        return state;
    }
}
