using QkdNetSim.Core.Units;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Runs.Cv;

/// <summary>Rules of a CV scenario; the first broken one is an InputError naming file, dotted field and rule.</summary>
public static class CvScenarioValidator
{
    /// <summary>Smallest detection efficiency: a millionth (practical homodyne detectors have 0.4-0.9).</summary>
    public const double MinEfficiency = 1e-6;

    /// <summary>Largest excess or electronic noise, SNU: 1e6 vacuum units is far beyond any CV-QKD link with a key.</summary>
    public const double MaxNoiseSnu = 1e6;

    /// <summary>
    /// Largest modulation variance, SNU. Practical links use 1-100; above ~1e4 the symplectic eigenvalues of the key-rate
    /// analysis (values near 1 computed from entries near V_M) lose their digits to round-off.
    /// </summary>
    public const double MaxModulationVarianceSnu = 1e3;

    /// <summary>Largest sample count (2^40 rounds): keeps row indices and file sizes sane.</summary>
    public const long MaxSamples = 1L << 40;

    public static void Validate(CvScenarioFile s, ScenarioOrigins origins)
    {
        var v = new RuleChecker(origins);
        ScenarioValidator.RunName(v, s.Name);
        if (s.Samples < 2 || s.Samples > MaxSamples) v.Fail("samples", $"must lie in [2, {MaxSamples}] rounds, got {s.Samples}");
        SymbolRate(v, s);
        if (s.Modulation is not ("gaussian" or "qpsk" or "qam"))
            v.Fail("modulation", $"must be 'gaussian', 'qpsk' or 'qam', got {YamlTreeReader.Quoted(s.Modulation)}");
        v.Positive("modulationVarianceSnu", s.ModulationVarianceSnu);
        // Bounds that keep every sample and moment sum finite (squares of 1e6-SNU quadratures summed over 1e12 rounds).
        ScenarioValidator.AtMost(v, "modulationVarianceSnu", s.ModulationVarianceSnu, MaxModulationVarianceSnu);
        if (s.Modulation == "qam")
        {
            if (s.QamLevels is null || s.QamLevels.Count < 2) v.Fail("qamLevels", "qam needs at least 2 levels");
            if (s.QamProbabilities is null || s.QamProbabilities.Count != s.QamLevels!.Count)
                v.Fail("qamProbabilities", "qam needs one probability per level");
            QamLevels(v, s.QamLevels!, s.QamProbabilities!);
        }
        else
        {
            if (s.QamLevels is not null) v.Fail("qamLevels", $"only for modulation 'qam' (modulation is '{s.Modulation}')");
            if (s.QamProbabilities is not null) v.Fail("qamProbabilities", $"only for modulation 'qam' (modulation is '{s.Modulation}')");
        }
        v.NonNegative("feederFibreKm", s.FeederFibreKm);
        ScenarioValidator.AtMost(v, "feederFibreKm", s.FeederFibreKm, ScenarioValidator.MaxFibreLengthKm);
        v.NonNegative("attenuationDbPerKm", s.AttenuationDbPerKm);
        ScenarioValidator.AtMost(v, "attenuationDbPerKm", s.AttenuationDbPerKm, ScenarioValidator.MaxFibreLossDbPerKm);
        v.LeftOpen("reconciliationEfficiency", s.ReconciliationEfficiency, 0, 1);
        v.Positive("confidenceStandardScore", s.ConfidenceStandardScore);
        if (s.Users.Count < 1) v.Fail("users", "needs at least one user");
        for (int i = 0; i < s.Users.Count; i++)
        {
            var u = s.Users[i];
            v.NonNegative($"users.{i}.fibreLengthKm", u.FibreLengthKm);
            ScenarioValidator.AtMost(v, $"users.{i}.fibreLengthKm", u.FibreLengthKm, ScenarioValidator.MaxFibreLengthKm);
            v.NonNegative($"users.{i}.excessNoiseSnu", u.ExcessNoiseSnu);
            ScenarioValidator.AtMost(v, $"users.{i}.excessNoiseSnu", u.ExcessNoiseSnu, MaxNoiseSnu);
            v.LeftOpen($"users.{i}.efficiency", u.Efficiency, 0, 1);
            // Below 1e-6 the detected signal is lost in the estimator's round-off (and below ~1e-160 its covariance is not finite).
            if (u.Efficiency < MinEfficiency) v.Fail($"users.{i}.efficiency", $"must be at least {RuleChecker.F(MinEfficiency)}, got {RuleChecker.F(u.Efficiency)}");
            v.NonNegative($"users.{i}.electronicNoiseSnu", u.ElectronicNoiseSnu);
            ScenarioValidator.AtMost(v, $"users.{i}.electronicNoiseSnu", u.ElectronicNoiseSnu, MaxNoiseSnu);
            // Seed 000 Eqs. 29-31: T_i = T_feeder / N * T_drop,i must stay > 0 in double precision (it underflows past ~3000 dB).
            double t = Decibels.FibreTransmittance(s.FeederFibreKm, s.AttenuationDbPerKm) / s.Users.Count
                * Decibels.FibreTransmittance(u.FibreLengthKm, s.AttenuationDbPerKm);
            if (!(t > 0)) v.Fail($"users.{i}.fibreLengthKm", $"total transmittance T_feeder / N * T_drop underflows to 0 (loss {RuleChecker.F(s.AttenuationDbPerKm * (s.FeederFibreKm + u.FibreLengthKm))} dB)");
        }
        if (s.Log.RowGroupSize is int rows)
        {
            if (rows < 1024) v.Fail("log.rowGroupSize", $"must be >= 1024 rows, got {rows}");
            ScenarioValidator.AtMost(v, "log.rowGroupSize", rows, ScenarioValidator.MaxRowGroupSize);
        }
    }

    /// <summary>
    /// One round per symbol period of kernel time (integer ps): the period 1e12 / symbolRateHz must round to at least 1 ps,
    /// and the session (samples periods) must fit the kernel's int64-ps clock like every kind's (100 days).
    /// </summary>
    private static void SymbolRate(RuleChecker v, CvScenarioFile s)
    {
        if (s.SymbolRateHz is not double rateHz) return; // the default (1 GBaud) keeps 2^40 rounds at 1100 s
        v.Positive("symbolRateHz", rateHz);
        if (!(rateHz <= Periods.PsPerSecond))
            v.Fail("symbolRateHz", $"must be at most {RuleChecker.F(Periods.PsPerSecond)} Hz (one round per integer picosecond of kernel time), got {RuleChecker.F(rateHz)}");
        double sessionS = Periods.ToSeconds(s.Samples * Periods.ExactPeriodPs(rateHz)); // in double: a tiny rate cannot overflow
        if (!(sessionS <= ScenarioValidator.MaxDurationS))
            v.Fail("symbolRateHz", $"samples / symbolRateHz = {RuleChecker.F(sessionS)} s of kernel time, more than {RuleChecker.F(ScenarioValidator.MaxDurationS)} s (100 days; time is counted in int64 picoseconds)");
    }

    /// <summary>
    /// The PAM level distribution of a shaped QAM (Protocols.Cv.CvModulation.Qam rescales it to V_M): finite levels, a
    /// probability vector, positive variance and zero mean (a displaced constellation leaks a carrier).
    /// </summary>
    private static void QamLevels(RuleChecker v, IReadOnlyList<double> levels, IReadOnlyList<double> probabilities)
    {
        for (int k = 0; k < levels.Count; k++)
            if (!double.IsFinite(levels[k])) v.Fail($"qamLevels.{k}", $"must be finite, got {RuleChecker.F(levels[k])}");
        v.Distribution("qamProbabilities", probabilities, levels.Count, "qamLevels", "qam probabilities");
        double mean = 0, second = 0;
        for (int k = 0; k < levels.Count; k++)
        {
            mean += probabilities[k] * levels[k];
            second += probabilities[k] * levels[k] * levels[k];
        }
        if (!(second - mean * mean > 0)) v.Fail("qamLevels", "the level distribution must have positive variance");
        if (Math.Abs(mean) > 1e-9 * Math.Sqrt(second))
            v.Fail("qamLevels", $"the level distribution must have zero mean, got {RuleChecker.F(mean)} (a displaced constellation leaks a carrier)");
    }
}
