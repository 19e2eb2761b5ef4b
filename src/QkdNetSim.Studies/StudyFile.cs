using System.Globalization;
using QkdNetSim.Core;
using QkdNetSim.Core.Random;

namespace QkdNetSim.Studies;

/// <summary>
/// Reads a study file (YAML, README "Studies (sweep)") into a resolved <see cref="Study"/>: ranges expanded, samples drawn
/// from the study seed, sizes bounded before anything is expanded. Every problem is one <see cref="InputError"/> naming
/// the study file and the field (e.g. <c>parameters.distance.steps</c>), with a suggestion for a mistyped key. Whether the
/// parameters fit the base scenario is checked later, point by point, by <see cref="StudyPlan.Prepare"/>.
/// </summary>
public static class StudyFile
{
    private static readonly string[] TopKeys = ["name", "description", "base", "seed", "engine", "set", "parameters", "zip", "sample", "repeats"];
    private static readonly string[] RangeKeys = ["from", "to", "steps", "scale", "integer"];
    private static readonly string[] SampleKeys = ["method", "count", "parameters"];
    private static readonly string[] SampleRangeKeys = ["from", "to", "scale", "integer"];
    private static readonly string[] EngineNames = ["simulate", "model", "both"];
    private static readonly string[] Scales = ["linear", "log"];
    private static readonly string[] Methods = ["random", "latinHypercube"];

    /// <summary>Longest value text (it names a folder).</summary>
    public const int MaxValueLength = 128;

    /// <summary>Loads and resolves the study file at <paramref name="path"/> (its base scenario's kind says which parameter names are knobs).</summary>
    public static Study Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = ReadText(path);
        var root = YamlTreeReader.ReadMapping(text, path);
        return Resolve(root, path);
    }

    /// <summary>The study file's text, read within the scenario files' limits (regular file, size bounded while reading, not empty).</summary>
    private static string ReadText(string path) => ScenarioFileText.Read(path, path, "(file)", "study file", "study file not found");

    private static Study Resolve(YamlTreeMapping root, string file)
    {
        CheckKeys(root, file, "", TopKeys);
        var r = new Reader(file);
        string name = root.Find("name") is { } n ? r.Name(n.Value) : DefaultName(file);
        string? description = root.Find("description") is { } d ? r.Scalar(d.Value, "description") : null;
        var baseEntry = root.Find("base") ?? throw new InputError(file, "base", $"missing: name the base scenario file (relative to the study file) or '{Study.BuiltInBase}'");
        string baseText = r.Scalar(baseEntry.Value, "base");
        string? basePath = baseText == Study.BuiltInBase ? null : ResolveBase(file, baseText);
        ulong seed = root.Find("seed") is { } s ? r.Seed(s.Value) : 1;
        string engine = root.Find("engine") is { } e ? r.Choice(e.Value, "engine", EngineNames) : Study.Simulate;
        string[] engines = engine == "both" ? [Study.Simulate, Study.Model] : [engine];
        var sets = root.Find("set") is { } setEntry ? r.Sets(setEntry.Value) : [];
        int repeats = root.Find("repeats") is { } rep ? (int)r.Integer(rep.Value, "repeats", 1, Study.MaxPoints) : 1;
        var kind = StudyBase.Open(basePath).Kind;
        if (engines.Contains(Study.Model) && !kind.HasModel)
            throw new InputError(file, "engine", $"the {kind.Name} kind has no model engine; use engine: simulate");
        var knobs = kind.Knobs.ToDictionary(k => k.Name, StringComparer.Ordinal);

        // Sizes first: the product of every list length, range steps and sample count is bounded before anything expands.
        var parameters = new List<(string Name, ParameterGroup Group, string Field, YamlTreeNode Node)>();
        double product = engines.Length * (double)repeats;
        if (root.Find("parameters") is { } grid)
            foreach (var p in r.Mapping(grid.Value, "parameters").Entries)
            {
                product *= r.Count(p.Value, "parameters." + p.Key);
                parameters.Add((p.Key, ParameterGroup.Grid, "parameters." + p.Key, p.Value));
            }
        if (root.Find("zip") is { } zip)
        {
            int? rows = null;
            foreach (var p in r.Mapping(zip.Value, "zip").Entries)
            {
                int count = r.Count(p.Value, "zip." + p.Key);
                if (rows is int expected && count != expected)
                    throw new InputError(file, "zip." + p.Key, $"has {count} values, the zip's first parameter {expected}: zipped lists vary together, so their lengths must be equal");
                rows = count;
                parameters.Add((p.Key, ParameterGroup.Zip, "zip." + p.Key, p.Value));
            }
            if (rows is null) throw new InputError(file, "zip", "is empty: list parameters to vary together, or leave zip out");
            product *= rows.Value;
        }
        YamlTreeMapping? sample = null;
        int sampleCount = 0;
        if (root.Find("sample") is { } sampleEntry)
        {
            sample = r.Mapping(sampleEntry.Value, "sample");
            CheckKeys(sample, file, "sample", SampleKeys);
            sampleCount = (int)r.Integer(sample.Find("count")?.Value ?? throw new InputError(file, "sample.count", "missing: how many points to draw"), "sample.count", 1, Study.MaxPoints);
            var ps = r.Mapping(sample.Find("parameters")?.Value ?? throw new InputError(file, "sample.parameters", "missing: the parameters to draw, each {from, to, scale}"), "sample.parameters");
            if (ps.Entries.Count == 0) throw new InputError(file, "sample.parameters", "is empty: name the parameters to draw");
            foreach (var p in ps.Entries) parameters.Add((p.Key, ParameterGroup.Sample, "sample.parameters." + p.Key, p.Value));
            product *= sampleCount;
        }
        if (product > Study.MaxPoints)
            throw new InputError(file, "parameters", string.Create(CultureInfo.InvariantCulture,
                $"the study has {product:G6} points (grid x zip x sample x engines x repeats), more than the limit of {Study.MaxPoints}; split it into several studies"));

        // Names: each once, not the seed (point seeds derive from the study seed), not a fixed override.
        var setPaths = sets.Select(x => OverrideParser.Parse(x).Path).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (pname, _, field, _) in parameters)
        {
            if (!seen.Add(pname)) throw new InputError(file, field, "is swept twice (each parameter may appear once, in parameters, zip or sample)");
            if (pname == "seed") throw new InputError(file, field, "cannot be swept: every point's seed derives from the study's `seed:` (use repeats for more seeds)");
            if (setPaths.Contains(pname)) throw new InputError(file, field, "is also fixed under `set:`; keep one of the two");
        }

        var resolved = new List<(string Name, ParameterGroup Group, bool IsKnob, ParameterType Type, IReadOnlyList<StudyValue> Values)>();
        var rng = new RngStreams(seed).StreamFor("study/sample");
        var sampleParams = parameters.Where(p => p.Group == ParameterGroup.Sample).ToArray();
        string method = sample is null ? "random" : r.Choice(sample.Find("method")?.Value ?? new YamlTreeScalar("random", true, file, 0), "sample.method", Methods);
        // Latin hypercube: per parameter a random permutation of the count strata, one draw inside each stratum.
        var strata = new int[sampleParams.Length][];
        for (int k = 0; k < strata.Length; k++) strata[k] = Permutation(sampleCount, ref rng, method == "latinHypercube");
        int sampleIndex = 0;
        foreach (var (pname, group, field, node) in parameters)
        {
            knobs.TryGetValue(pname, out var knob);
            if (group == ParameterGroup.Sample)
            {
                var spec = r.Mapping(node, field);
                CheckKeys(spec, file, field, SampleRangeKeys);
                var (from, to, log, integer) = r.Bounds(spec, field, knob);
                var values = new double[sampleCount];
                int k = sampleIndex++;
                for (int i = 0; i < sampleCount; i++)
                {
                    double u = method == "latinHypercube" ? (strata[k][i] + rng.NextDouble()) / sampleCount : rng.NextDouble();
                    values[i] = log ? Math.Exp(Math.Log(from) + (Math.Log(to) - Math.Log(from)) * u) : from + (to - from) * u;
                }
                var typed = integer ? values.Select(v => StudyValue.Integer((long)Math.Round(v))).ToArray() : values.Select(v => StudyValue.Real(Round15(v))).ToArray();
                resolved.Add((pname, group, knob is not null, integer ? ParameterType.Integer : ParameterType.Real, typed));
                continue;
            }
            var (type, list) = node is YamlTreeMapping range ? r.Range(range, field, knob) : r.List(node, field, knob);
            if (group == ParameterGroup.Grid)
            {
                var dup = list.GroupBy(v => v.Text).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new InputError(file, field, $"value {dup.Key} appears twice");
            }
            resolved.Add((pname, group, knob is not null, type, list));
        }
        foreach (var group in new[] { ParameterGroup.Zip, ParameterGroup.Sample })
        {
            var cols = resolved.Where(p => p.Group == group).ToArray();
            if (cols.Length == 0) continue;
            var rows = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < cols[0].Values.Count; i++)
                if (!rows.Add(string.Join('\u001f', cols.Select(c => c.Values[i].Text))))
                    throw new InputError(file, group == ParameterGroup.Zip ? "zip" : "sample",
                        $"row {i} repeats an earlier row ({string.Join(", ", cols.Select(c => $"{c.Name}={c.Values[i].Text}"))}){(group == ParameterGroup.Sample ? "; an integer parameter drawn from a narrow range gives equal rows: draw fewer points" : "")}");
        }

        var keys = HiveKeys(resolved.Select(p => p.Name).ToArray());
        var studyParameters = resolved.Select((p, i) => new StudyParameter(p.Name, p.Group, p.IsKnob, p.Type, p.Values, keys[i])).ToArray();
        return new Study(name, description, file, basePath, seed, engines, sets, studyParameters, repeats);
    }

    /// <summary>
    /// A computed value (range step, sample draw) to 15 significant digits, so 0.1 x 3 names its folder 0.3, not
    /// 0.30000000000000004, and a log range's 1e-5 is 1E-05.
    /// </summary>
    private static double Round15(double v) => double.Parse(v.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string DefaultName(string file) => Path.GetFileNameWithoutExtension(file);

    private static string ResolveBase(string file, string baseText)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        string full = Path.GetFullPath(Path.Combine(dir, baseText));
        if (!File.Exists(full))
            throw new InputError(file, "base", $"scenario file not found: {full} (relative to the study file's folder; or write '{Study.BuiltInBase}')");
        return full;
    }

    private static int[] Permutation(int n, ref Xoshiro256 rng, bool needed)
    {
        var p = Enumerable.Range(0, n).ToArray();
        if (!needed) return p;
        for (int i = n - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1); // Fisher-Yates
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>
    /// Hive keys: a parameter's last path segment, or as many trailing segments as make it unique among the study's
    /// parameters (a suffix never starts with a list index: users.0.fibreLengthKm, not 0.fibreLengthKm).
    /// </summary>
    public static string[] HiveKeys(IReadOnlyList<string> names)
    {
        var segs = names.Select(n => n.Split('.')).ToArray();
        var keys = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            for (int take = 1; take <= segs[i].Length; take++)
            {
                if (take < segs[i].Length && int.TryParse(segs[i][^take], out _)) continue;
                string key = string.Join('.', segs[i][^take..]);
                bool unique = segs.Where((_, j) => j != i).All(o => !Suffix(o, take).Equals(key, StringComparison.Ordinal));
                keys[i] = key;
                if (unique || take == segs[i].Length) break;
            }
            keys[i] = StudyPoint.HiveText(keys[i]);
        }
        return keys;

        static string Suffix(string[] s, int take) => string.Join('.', s[^Math.Min(take, s.Length)..]);
    }

    private static bool CheckKeys(YamlTreeMapping map, string file, string prefix, string[] known)
    {
        foreach (var e in map.Entries)
            if (!known.Contains(e.Key))
                throw new InputError(file, prefix.Length == 0 ? e.Key : prefix + "." + e.Key, $"unknown key '{e.Key}' ({KeySuggester.Hint(e.Key, known)})");
        return true;
    }

    /// <summary>Typed reads of study nodes, each failure an InputError on (file, field).</summary>
    private sealed class Reader(string file)
    {
        public InputError Error(string field, string rule) => new(file, field, rule);

        public string Scalar(YamlTreeNode node, string field) => node is YamlTreeScalar { IsNull: false } s
            ? s.Value
            : throw Error(field, $"expected a value, got {YamlTreeReader.Describe(node)}");

        public YamlTreeMapping Mapping(YamlTreeNode node, string field) => node as YamlTreeMapping
            ?? throw Error(field, $"expected a mapping, got {YamlTreeReader.Describe(node)}");

        public string Name(YamlTreeNode node)
        {
            string n = Scalar(node, "name");
            if (n.Length == 0 || n.Length > 128 || n.IndexOfAny(['/', '\\', '\0']) >= 0 || n.Any(char.IsControl) || n.StartsWith('.'))
                throw Error("name", "must be one folder name: 1 to 128 characters, no '/', '\\' or control characters, not starting with '.'");
            return n;
        }

        public ulong Seed(YamlTreeNode node)
        {
            string t = Scalar(node, "seed").Trim();
            return ScalarParsing.TryParseULong(t, out ulong v) ? v : throw Error("seed", $"expected a non-negative integer, got '{t}'");
        }

        public string Choice(YamlTreeNode node, string field, string[] choices)
        {
            string t = Scalar(node, field);
            return choices.Contains(t) ? t : throw Error(field, $"expected {string.Join(", ", choices[..^1])} or {choices[^1]}, got '{t}'{Suggest(t, choices)}");
        }

        private static string Suggest(string t, string[] choices) => KeySuggester.Suggest(t, choices) is string s ? $"; did you mean '{s}'?" : "";

        public long Integer(YamlTreeNode node, string field, long min, long max)
        {
            string t = Scalar(node, field).Trim();
            if (!ScalarParsing.TryParseLong(t, out long v)) throw Error(field, $"expected an integer, got '{t}'");
            if (v < min || v > max) throw Error(field, string.Create(CultureInfo.InvariantCulture, $"must lie in [{min}, {max}], got {v}"));
            return v;
        }

        public double Finite(YamlTreeNode node, string field)
        {
            string t = Scalar(node, field).Trim();
            if (!ScalarParsing.TryParseDouble(t, out double v)) throw Error(field, $"expected a number, got '{t}'");
            if (!double.IsFinite(v)) throw Error(field, $"must be finite, got '{t}'");
            return v;
        }

        public string[] Sets(YamlTreeNode node)
        {
            if (node is not YamlTreeSequence seq) throw Error("set", $"expected a list of dotted.path=value overrides, got {YamlTreeReader.Describe(node)}");
            var sets = new string[seq.Items.Count];
            for (int i = 0; i < sets.Length; i++)
            {
                string field = "set." + i.ToString(CultureInfo.InvariantCulture);
                sets[i] = Scalar(seq.Items[i], field);
                ScenarioOverride o;
                try { o = OverrideParser.Parse(sets[i]); }
                catch (InputError e) { throw Error(field, e.Rule); }
                if (o.Path == "seed") throw Error(field, "cannot set the seed: every point's seed derives from the study's `seed:`");
            }
            return sets;
        }

        /// <summary>How many values a grid or zip parameter has (a list's length, a range's steps), read before expanding.</summary>
        public int Count(YamlTreeNode node, string field) => node switch
        {
            YamlTreeSequence seq when seq.Items.Count == 0 => throw Error(field, "is an empty list: give at least one value"),
            YamlTreeSequence seq => seq.Items.Count,
            YamlTreeMapping map when CheckKeys(map, file, field, RangeKeys) => (int)Integer(map.Find("steps")?.Value ?? throw Error(field + ".steps", "missing: how many values from `from` to `to`"), field + ".steps", 1, Study.MaxPoints),
            _ => throw Error(field, $"expected a list of values or a range {{from, to, steps, scale}}, got {YamlTreeReader.Describe(node)}"),
        };

        public (double From, double To, bool Log, bool Integer) Bounds(YamlTreeMapping spec, string field, StudyKnob? knob)
        {
            double from = Finite(spec.Find("from")?.Value ?? throw Error(field + ".from", "missing"), field + ".from");
            double to = Finite(spec.Find("to")?.Value ?? throw Error(field + ".to", "missing"), field + ".to");
            bool log = spec.Find("scale") is { } sc && Choice(sc.Value, field + ".scale", Scales) == "log";
            if (log && (from <= 0 || to <= 0)) throw Error(field + ".scale", "log scale needs from > 0 and to > 0");
            bool integer = knob?.IsInteger == true;
            if (spec.Find("integer") is { } ie)
            {
                string t = Scalar(ie.Value, field + ".integer");
                if (!ScalarParsing.TryParseBool(t, out bool b)) throw Error(field + ".integer", $"expected true or false, got '{t}'");
                integer |= b;
            }
            if (knob is not null) CheckKnob(knob, field, from, to);
            return (from, to, log, integer);
        }

        private void CheckKnob(StudyKnob knob, string field, params double[] values)
        {
            foreach (double v in values)
                if (v < knob.Minimum || v > knob.Maximum)
                    throw Error(field, (FormattableString.Invariant($"{v:R} outside the knob's range [{knob.Minimum:R}, {knob.Maximum:R}] ") + knob.Unit).TrimEnd());
        }

        public (ParameterType, IReadOnlyList<StudyValue>) Range(YamlTreeMapping range, string field, StudyKnob? knob)
        {
            CheckKeys(range, file, field, RangeKeys);
            int steps = Count(range, field);
            var (from, to, log, integer) = Bounds(range, field, knob);
            var values = new double[steps];
            for (int k = 0; k < steps; k++)
            {
                double f = steps == 1 ? 0 : k / (double)(steps - 1);
                values[k] = k == steps - 1 && steps > 1 ? to
                    : log ? Math.Exp(Math.Log(from) + (Math.Log(to) - Math.Log(from)) * f) : from + (to - from) * f;
            }
            bool integralEnds = IsIntegerLiteral(range.Find("from")!.Value) && IsIntegerLiteral(range.Find("to")!.Value) && !log;
            if (integer || (integralEnds && values.All(v => v == Math.Floor(v))))
            {
                // Rounded to integers; equal neighbours (a log range over few integers) collapse into one value.
                var ints = values.Select(v => (long)Math.Round(v)).Distinct().Select(StudyValue.Integer).ToArray();
                return (ParameterType.Integer, ints);
            }
            return (ParameterType.Real, values.Select(v => StudyValue.Real(Round15(v))).ToArray());
        }

        private static bool IsIntegerLiteral(YamlTreeNode node) => node is YamlTreeScalar { IsPlain: true } s && ScalarParsing.TryParseLong(s.Value.Trim(), out _);

        public (ParameterType, IReadOnlyList<StudyValue>) List(YamlTreeNode node, string field, StudyKnob? knob)
        {
            var seq = (YamlTreeSequence)node;
            var raw = new List<(ParameterType Type, string Text, double Number)>();
            for (int i = 0; i < seq.Items.Count; i++)
            {
                string itemField = field + "." + i.ToString(CultureInfo.InvariantCulture);
                if (seq.Items[i] is not YamlTreeScalar { IsNull: false } s)
                    throw Error(itemField, $"expected a number, true/false or text, got {YamlTreeReader.Describe(seq.Items[i])}");
                string t = s.Value.Trim();
                if (!s.IsPlain) raw.Add((ParameterType.Text, s.Value, double.NaN));
                else if (ScalarParsing.TryParseBool(t, out _)) raw.Add((ParameterType.Boolean, t.ToLowerInvariant(), double.NaN));
                else if (ScalarParsing.TryParseLong(t, out long l)) raw.Add((ParameterType.Integer, t, l));
                else if (ScalarParsing.TryParseDouble(t, out double d))
                {
                    if (!double.IsFinite(d)) throw Error(itemField, $"must be finite, got '{t}'");
                    raw.Add((ParameterType.Real, t, d));
                }
                else raw.Add((ParameterType.Text, s.Value, double.NaN));
                var last = raw[^1];
                if (last.Type == ParameterType.Text && (last.Text.Length == 0 || last.Text.Length > MaxValueLength || last.Text.Any(char.IsControl)))
                    throw Error(itemField, $"text values must be 1 to {MaxValueLength} characters without control characters");
            }
            var types = raw.Select(x => x.Type).Distinct().ToArray();
            bool numeric = types.All(t => t is ParameterType.Integer or ParameterType.Real);
            if (!numeric && types.Length > 1)
                throw Error(field, "mixes numbers, true/false and text: a parameter's values must be all numbers, all true/false or all text (quote numbers meant as text)");
            if (knob is not null)
            {
                if (!numeric) throw Error(field, $"the knob '{knob.Name}' takes numbers");
                CheckKnob(knob, field, raw.Select(x => x.Number).ToArray());
                if (knob.IsInteger && raw.Any(x => x.Number != Math.Floor(x.Number)))
                    throw Error(field, $"the knob '{knob.Name}' takes integers");
                if (knob.IsInteger) return (ParameterType.Integer, raw.Select(x => StudyValue.Integer((long)x.Number)).ToArray());
                return (ParameterType.Real, raw.Select(x => StudyValue.Real(x.Number)).ToArray());
            }
            if (numeric && types.Contains(ParameterType.Real)) return (ParameterType.Real, raw.Select(x => StudyValue.Real(x.Number)).ToArray());
            if (numeric) return (ParameterType.Integer, raw.Select(x => StudyValue.Integer((long)x.Number)).ToArray());
            return types[0] == ParameterType.Boolean
                ? (ParameterType.Boolean, raw.Select(x => StudyValue.Boolean(x.Text == "true")).ToArray())
                : (ParameterType.Text, raw.Select(x => StudyValue.String(x.Text)).ToArray());
        }
    }
}
