namespace QkdNetSim.Data.Scenarios;

/// <summary>
/// Finds the known key a mistyped key was most likely meant to be. Plain edit distance fails on abbreviations
/// ("darkCount" is 18 edits from "darkCountProbabilityPerGate"), so a key that is a prefix or substring of a known key
/// is matched first (shortest such key), then a key sharing most of its prefix ("darkCounts"); otherwise the nearest key by
/// case-insensitive edit distance, if it is close.
/// </summary>
public static class KeySuggester
{
    /// <summary>The best guess, or null if no known key is plausibly meant.</summary>
    public static string? Suggest(string key, IEnumerable<string> known)
    {
        var candidates = known.ToArray();
        if (key.Length == 0 || candidates.Length == 0) return null;
        string k = key.ToLowerInvariant();

        // Same key, wrong case (e.g. "DurationS").
        var sameIgnoringCase = candidates.FirstOrDefault(c => string.Equals(c, key, StringComparison.OrdinalIgnoreCase));
        if (sameIgnoringCase is not null) return sameIgnoringCase;

        // Abbreviation: a prefix, then a substring, of known keys (shortest wins, at least 3 letters typed).
        if (k.Length >= 3)
        {
            var prefix = candidates.Where(c => c.ToLowerInvariant().StartsWith(k, StringComparison.Ordinal))
                .OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault();
            if (prefix is not null) return prefix;
            var inner = candidates.Where(c => c.ToLowerInvariant().Contains(k, StringComparison.Ordinal))
                .OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault();
            if (inner is not null) return inner;
        }

        // Inflected or extended spelling ("darkCounts"): the longest shared prefix, if it covers most of the key.
        int need = Math.Max(4, (int)Math.Ceiling(0.6 * k.Length));
        var shared = candidates.Select(c => (c, n: CommonPrefix(k, c.ToLowerInvariant())))
            .Where(x => x.n >= need).OrderByDescending(x => x.n).ThenBy(x => x.c.Length).FirstOrDefault();
        if (shared.c is not null) return shared.c;

        // Typo: nearest by edit distance, within about a third of the key's length.
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Distance(k, c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        int tolerance = Math.Max(2, k.Length / 3);
        return bestDistance <= tolerance ? best : null;
    }

    /// <summary>The parenthesised hint of an unknown-key message: a suggestion if there is one, else the key list.</summary>
    public static string Hint(string key, IEnumerable<string> known)
    {
        var list = known.ToArray();
        var s = Suggest(key, list);
        return s is not null ? $"did you mean '{s}'?" : $"expected one of: {string.Join(", ", list)}";
    }

    private static int CommonPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute; unit costs).</summary>
    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
