namespace QkdNetSim.Data.Scenarios;

// A minimal, mutable YAML node tree that remembers, for every key and value, the file it was written in.
// YamlDotNet's own representation model cannot carry that, and the loader needs it twice: to resolve
// `model:` paths relative to the file that wrote them, and to name the right file in an InputError.

/// <summary>
/// A node of a scenario's YAML tree. <see cref="File"/> is the file the node was written in
/// (a scenario file, a model file, or "--set" for an override) so errors can point at the true source.
/// </summary>
public abstract class YamlTreeNode
{
    protected YamlTreeNode(string file, int line)
    {
        File = file;
        Line = line;
    }

    /// <summary>File the node was written in, as shown in error messages.</summary>
    public string File { get; }

    /// <summary>1-based line in <see cref="File"/> (0 when the node was synthesised).</summary>
    public int Line { get; }

    /// <summary>Deep copy, so that trees can be edited (merged, overridden) without aliasing.</summary>
    public abstract YamlTreeNode Clone();
}

/// <summary>A scalar, kept as text: its type is only decided when it is bound to a schema property.</summary>
public sealed class YamlTreeScalar : YamlTreeNode
{
    public YamlTreeScalar(string value, bool isPlain, string file, int line) : base(file, line)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>True if unquoted; only unquoted scalars can mean null (a quoted "null" is the string).</summary>
    public bool IsPlain { get; }

    /// <summary>YAML 1.2 core-schema null: an unquoted empty value, ~, or null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override YamlTreeNode Clone() => new YamlTreeScalar(Value, IsPlain, File, Line);
}

/// <summary>A YAML sequence; items keep their own source files.</summary>
public sealed class YamlTreeSequence : YamlTreeNode
{
    public YamlTreeSequence(string file, int line) : base(file, line) { }

    public List<YamlTreeNode> Items { get; } = new();

    public override YamlTreeNode Clone()
    {
        var copy = new YamlTreeSequence(File, Line);
        foreach (var item in Items) copy.Items.Add(item.Clone());
        return copy;
    }
}

/// <summary>One key of a mapping and the file that wrote the key (which may differ from the value's file after a merge).</summary>
public sealed record YamlTreeEntry(string Key, string KeyFile, YamlTreeNode Value);

/// <summary>A YAML mapping with unique keys, in document order.</summary>
/// <remarks>Keys are indexed, so that a file of many keys reads in linear time (a linear search per key made a few
/// hundred thousand keys take minutes).</remarks>
public sealed class YamlTreeMapping : YamlTreeNode
{
    private readonly List<YamlTreeEntry> _entries = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public YamlTreeMapping(string file, int line) : base(file, line) { }

    public IReadOnlyList<YamlTreeEntry> Entries => _entries;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public YamlTreeEntry? Find(string key)
    {
        int i = IndexOf(key);
        return i >= 0 ? _entries[i] : null;
    }

    /// <summary>Adds the key, or replaces its entry in place if present (document order is kept).</summary>
    public void Set(YamlTreeEntry entry)
    {
        int i = IndexOf(entry.Key);
        if (i >= 0) _entries[i] = entry;
        else
        {
            _index[entry.Key] = _entries.Count;
            _entries.Add(entry);
        }
    }

    public bool Remove(string key)
    {
        int i = IndexOf(key);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        _index.Remove(key);
        for (int j = i; j < _entries.Count; j++) _index[_entries[j].Key] = j;
        return true;
    }

    public override YamlTreeNode Clone()
    {
        var copy = new YamlTreeMapping(File, Line);
        foreach (var e in _entries) copy.Set(e with { Value = e.Value.Clone() });
        return copy;
    }

    private int IndexOf(string key) => _index.TryGetValue(key, out int i) ? i : -1;
}
