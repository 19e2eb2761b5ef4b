namespace QkdNetSim.Core;

/// <summary>
/// Bad user input (scenario file, model file, override, log file). The CLI prints <see cref="Exception.Message"/>
/// as one line and exits with code 2. The message always names the file, the field and the rule broken.
/// </summary>
public sealed class InputError : Exception
{
    public string File { get; }
    public string Field { get; }
    public string Rule { get; }

    public InputError(string file, string field, string rule, Exception? inner = null)
        : base($"{file}: {field}: {rule}", inner)
    {
        File = file;
        Field = field;
        Rule = rule;
    }
}
