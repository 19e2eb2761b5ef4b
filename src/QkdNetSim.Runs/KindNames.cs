namespace QkdNetSim.Runs;

/// <summary>The `kind:` names of the built-in network kinds; a scenario without `kind:` is <see cref="Default"/>.</summary>
public static class KindNames
{
    public const string Access = "accessNetwork";
    public const string Mdi = "mdiNetwork";
    public const string Cv = "cvNetwork";
    public const string CvCovariance = "cvCovariance";

    /// <summary>What a scenario without a `kind:` key is (the first network kind QkdNetSim had).</summary>
    public const string Default = Access;

    /// <summary>The kind of a scenario file: its `kind:` key, or <see cref="Default"/>; an unknown name is an input error.</summary>
    public static string Detect(string path) => DetectFromText(ScenarioDocument.ReadFile(path), path);

    /// <summary>The name of the kind <see cref="KindRegistry.Detect"/> finds (the one home of the detection rule).</summary>
    public static string DetectFromText(string yaml, string virtualPath) => KindRegistry.Detect(yaml, virtualPath).Name;

    /// <summary>The loader's view of kind <paramref name="name"/>.</summary>
    public static ScenarioKindSpec Spec(string name) => new(name, Default, KindRegistry.Names);
}
