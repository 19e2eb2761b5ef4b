namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// A 1-to-N CV-QKD broadcast (passive-optical access) network of Bian et al., arXiv:2507.04462 (Fig. 2a, Fig. 13):
/// Alice Gaussian-modulates coherent states (EPR picture: A-B0 of variance V = V_M + 1), sends B0 through a feeder
/// fibre (transmittance T_f, excess noise eps_f) to a uniform 1-to-N beam-splitter tree (each output gets 1/N,
/// Eqs. 29-31), then through per-user drop fibres to N heterodyning Bobs. Excess noise is referred to the channel input
/// (Alice's output), as the paper states it, so a user whose total channel transmittance is T_f T_d,i / N sees
/// T_f T_d,i (eps_f + eps_i) / N of excess noise at his input. Validated on construction: a broken rule throws
/// <see cref="AnalysisInputException"/> naming the field.
/// </summary>
public sealed class BroadcastNetwork
{
    /// <summary>Modulation variance V_M &gt; 0 (SNU); the EPR variance is V = V_M + 1.</summary>
    public double ModulationVarianceSnu { get; }

    /// <summary>Feeder transmittance T_f in (0, 1] (the channel T of Fig. 13).</summary>
    public double FeederTransmittance { get; }

    /// <summary>Feeder excess noise eps_f &gt;= 0, SNU at the channel input; common to, and correlated across, all Bobs.</summary>
    public double FeederExcessNoiseSnu { get; }

    /// <summary>Reconciliation efficiency beta in (0, 1].</summary>
    public double ReconciliationEfficiency { get; }

    /// <summary>The N receivers, N &gt;= 1.</summary>
    public IReadOnlyList<BroadcastUser> Users { get; }

    /// <summary>Number of Bobs N.</summary>
    public int UserCount => Users.Count;

    public BroadcastNetwork(double modulationVarianceSnu, double feederTransmittance, double feederExcessNoiseSnu,
        IReadOnlyList<BroadcastUser> users, double reconciliationEfficiency)
    {
        static void Fail(string field, string rule) => throw new AnalysisInputException(field, rule);
        if (!(modulationVarianceSnu > 0.0) || !double.IsFinite(modulationVarianceSnu))
            Fail("modulation_variance", $"modulation variance V_M must be > 0 SNU and finite (got {modulationVarianceSnu:G6})");
        if (!(feederTransmittance > 0.0 && feederTransmittance <= 1.0))
            Fail("feeder_transmittance", $"feeder transmittance must lie in (0, 1] (got {feederTransmittance:G6})");
        if (!(feederExcessNoiseSnu >= 0.0) || !double.IsFinite(feederExcessNoiseSnu))
            Fail("feeder_excess_noise", $"excess noise must be finite and >= 0 SNU (got {feederExcessNoiseSnu:G6})");
        if (!(reconciliationEfficiency > 0.0 && reconciliationEfficiency <= 1.0))
            Fail("reconciliation_efficiency", $"beta must lie in (0, 1] (got {reconciliationEfficiency:G6})");
        if (users is null || users.Count < 1) Fail("users", "the network needs at least one Bob (N >= 1)");
        for (int i = 0; i < users!.Count; i++)
        {
            var u = users[i];
            if (u is null) Fail($"users[{i}]", "user must be given");
            if (!(u!.DropTransmittance > 0.0 && u.DropTransmittance <= 1.0))
                Fail($"users[{i}].drop_transmittance", $"drop transmittance must lie in (0, 1] (got {u.DropTransmittance:G6})");
            if (!(u.DropExcessNoiseSnu >= 0.0) || !double.IsFinite(u.DropExcessNoiseSnu))
                Fail($"users[{i}].drop_excess_noise", $"excess noise must be finite and >= 0 SNU (got {u.DropExcessNoiseSnu:G6})");
            if (!(u.DetectorEfficiency > 0.0 && u.DetectorEfficiency <= 1.0))
                Fail($"users[{i}].detector_efficiency", $"detection efficiency eta must lie in (0, 1] (got {u.DetectorEfficiency:G6})");
            if (!(u.ElectronicNoiseSnu >= 0.0) || !double.IsFinite(u.ElectronicNoiseSnu))
                Fail($"users[{i}].electronic_noise", $"electronic noise must be finite and >= 0 SNU (got {u.ElectronicNoiseSnu:G6})");
        }
        ModulationVarianceSnu = modulationVarianceSnu;
        FeederTransmittance = feederTransmittance;
        FeederExcessNoiseSnu = feederExcessNoiseSnu;
        Users = users.ToArray();
        ReconciliationEfficiency = reconciliationEfficiency;
    }

    /// <summary>
    /// The symmetric network of the paper's simulations (Fig. 13, Figs. 3, 5): all fibre (length L) and excess noise eps
    /// before the splitter, no drop fibres, N identical detectors.
    /// </summary>
    public static BroadcastNetwork Uniform(int userCount, double feederKm, double modulationVarianceSnu, double excessNoiseSnu,
        double detectorEfficiency, double electronicNoiseSnu, double reconciliationEfficiency, double attenuationDbPerKm = 0.2)
    {
        if (userCount < 1) throw new AnalysisInputException("user_count", $"N must be >= 1 (got {userCount})");
        if (LengthViolation(feederKm) is { } rule) throw new AnalysisInputException("feeder_length", rule);
        var users = Enumerable.Range(0, userCount)
            .Select(_ => new BroadcastUser(1.0, 0.0, detectorEfficiency, electronicNoiseSnu)).ToArray();
        return new BroadcastNetwork(modulationVarianceSnu, FibreTransmittance(feederKm, attenuationDbPerKm),
            excessNoiseSnu, users, reconciliationEfficiency);
    }

    /// <summary>Transmittance 10^(-alpha L / 10) of L km of fibre (alpha = 0.2 dB/km in the paper's simulations).</summary>
    public static double FibreTransmittance(double lengthKm, double attenuationDbPerKm = 0.2)
    {
        if (LengthViolation(lengthKm) is { } rule) throw new AnalysisInputException("fibre_length", rule);
        return Gg02KeyRate.TransmittanceOfFibre(lengthKm, attenuationDbPerKm);
    }

    private static string? LengthViolation(double lengthKm) =>
        lengthKm >= 0.0 && double.IsFinite(lengthKm) ? null : $"fibre length must be finite and >= 0 km (got {lengthKm:G6})";

    /// <summary>Total transmittance Alice -&gt; Bob i: T_f / N * T_d,i (Fig. 9: each splitter output carries 1/N).</summary>
    public double EndToEndTransmittance(int user) => FeederTransmittance / UserCount * Users[user].DropTransmittance;

    /// <summary>Total excess noise of user i referred to the channel input: eps_f + eps_i.</summary>
    public double EndToEndExcessNoiseSnu(int user) => FeederExcessNoiseSnu + Users[user].DropExcessNoiseSnu;
}
