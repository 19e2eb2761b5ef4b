using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Runs;

/// <summary>
/// The network kinds QkdNetSim knows, by their `kind:` name. The CLI, the run pipeline and the analyze pipeline find a
/// kind here and never name one. A new kind (a fourth network, or a test's own) joins with <see cref="Register"/>.
/// </summary>
public static class KindRegistry
{
    private static readonly object Gate = new();
    private static INetworkKind[] _kinds = [new AccessKind(), new MdiKind(), new CvKind(), new CvCovarianceKind()];

    /// <summary>Every registered kind, in registration order.</summary>
    public static IReadOnlyList<INetworkKind> Kinds => Volatile.Read(ref _kinds);

    /// <summary>Kind names, for `kind:` errors and suggestions.</summary>
    public static IReadOnlyList<string> Names => Kinds.Select(k => k.Name).ToArray();

    /// <summary>The kind a scenario without `kind:` is.</summary>
    public static INetworkKind Default => Get(KindNames.Default);

    /// <summary>
    /// Kinds in the order `analyze` asks them to claim a target: every kind but the default first, the default last (it
    /// claims what no other kind does, as before kinds existed).
    /// </summary>
    public static IEnumerable<INetworkKind> ForAnalyze => Kinds.Where(k => k.Name != KindNames.Default).Append(Default);

    /// <summary>
    /// Adds a kind (registering the same name again replaces it). Disposing the returned handle removes it again, for a
    /// test or a plug-in that registers a kind for a while.
    /// </summary>
    public static IDisposable Register(INetworkKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind.Name);
        if (kind.Name == KindNames.Default) throw new ArgumentException($"'{kind.Name}' is the default kind and cannot be replaced", nameof(kind));
        lock (Gate) Volatile.Write(ref _kinds, _kinds.Where(k => k.Name != kind.Name).Append(kind).ToArray());
        return new Registration(kind);
    }

    private sealed class Registration(INetworkKind kind) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Volatile.Write(ref _kinds, _kinds.Where(k => !ReferenceEquals(k, kind)).ToArray());
        }
    }

    public static INetworkKind Get(string name) =>
        Kinds.FirstOrDefault(k => k.Name == name) ?? throw new ArgumentException($"no network kind '{name}' is registered", nameof(name));

    /// <summary>The kind of a scenario text: its `kind:` key (an unknown name is an InputError with a suggestion), or the default.</summary>
    public static INetworkKind Detect(string yaml, string path) => Get(ScenarioKind.DetectFromText(yaml, path, Names) ?? KindNames.Default);
}
