using System.Globalization;

namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Culture-independent parsing of YAML scalars into the schema's value types. YAML 1.2 core-schema spellings are
/// accepted (.inf, .nan, 0x hex, true/false in three casings) so files written by other YAML tools load, and
/// nothing looser (no "yes", no thousands separators), so a typo is an error instead of a surprise.
/// </summary>
public static class ScalarParsing
{
    public static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": value = double.PositiveInfinity; return true;
            case "-.inf" or "-.Inf" or "-.INF": value = double.NegativeInfinity; return true;
            case ".nan" or ".NaN" or ".NAN": value = double.NaN; return true;
        }
        // Letters other than an exponent are rejected here so that "NaN"/"Infinity" (accepted by .NET) stay errors
        // unless spelled the YAML way above.
        foreach (char c in text)
            if (char.IsLetter(c) && c is not ('e' or 'E')) { value = 0; return false; }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseInt(string text, out int value)
    {
        if (TryParseHex(text, out var hex) && hex <= int.MaxValue) { value = (int)hex; return true; }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseLong(string text, out long value)
    {
        if (TryParseHex(text, out var hex) && hex <= long.MaxValue) { value = (long)hex; return true; }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseULong(string text, out ulong value)
    {
        if (TryParseHex(text, out value)) return true;
        return ulong.TryParse(text.StartsWith('+') ? text[1..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": value = false; return true;
            default: value = false; return false;
        }
    }

    private static bool TryParseHex(string text, out ulong value)
    {
        value = 0;
        return text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
