namespace QkdNetSim.Analysis;

/// <summary>
/// An input to an analysis or model breaks one of its rules: the argument exception of the physics layer, naming the
/// input's field and the rule (e.g. a decoy-state tally with more errors than counts, quadrature samples with no Alice-Bob
/// correlation, a transmittance outside (0, 1]). It carries no file name: the edge that knows which file the input came
/// from (the run layer's summary builders and log readers, experiment setup) reports it as Core's user-input error
/// "file: field: rule" with <see cref="Field"/> and <see cref="Rule"/>. <see cref="Exception.Message"/> is "field: rule".
/// </summary>
public sealed class AnalysisInputException : ArgumentException
{
    public AnalysisInputException(string field, string rule) : base($"{field}: {rule}")
    {
        Field = field;
        Rule = rule;
    }

    /// <summary>The input field whose rule is broken, as the analysis names it (e.g. "countZz", "gamma_AB", "users[1].drop_transmittance").</summary>
    public string Field { get; }

    /// <summary>The rule broken, one line (e.g. "must be > 0 (no sifted key)").</summary>
    public string Rule { get; }
}
