using QkdNetSim.Core;
using QkdNetSim.Data.Files;
using QkdNetSim.Runs.Access;
using QkdNetSim.Runs.Cv;
using QkdNetSim.Runs.Mdi;

namespace QkdNetSim.Runs.Import;

/// <summary>What `qkdnetsim import` was asked to do.</summary>
public sealed record ImportRequest(ImportKind Kind, string SetupPath, string TagsPath, IReadOnlyList<string> SettingsPaths, string OutDir);

/// <summary>
/// `qkdnetsim import`: validates SETUP.yaml and the input files' headers before the output directory is touched, then
/// streams the tags (or samples) and settings into the kind's log in the directory's staging folder and publishes it the
/// way `run` publishes (<see cref="StagedDirectory"/>): the directory then holds the log alone (an earlier run's log,
/// extra outputs and summary.json are removed), ready for `qkdnetsim analyze DIR`. Bad input anywhere is one
/// <see cref="InputError"/> and nothing is published (a directory the import created is removed again).
/// </summary>
public static class ImportPipeline
{
    /// <summary>The log an import of <paramref name="kind"/> writes.</summary>
    public static string LogFileName(ImportKind kind) => kind switch
    {
        ImportKind.Access => DetectionLogSchema.FileName,
        ImportKind.Mdi => CoincidenceLogSchema.FileName,
        _ => CvSampleLogSchema.FileName,
    };

    public static ImportReport Execute(ImportRequest r, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(r);
        var setup = ImportSetupLoader.Load(r.SetupPath, r.Kind);
        RequireFile(r.TagsPath, "--tags");
        foreach (string f in r.SettingsPaths) RequireFile(f, "--settings");
        if (r.Kind == ImportKind.Cv && r.SettingsPaths.Count > 0)
            throw new InputError("command line", "--settings", "a cv import takes no settings files: the calibration is in SETUP.yaml (cv.users[].shotNoiseVariance, electronicNoiseVariance)");
        if (r.Kind != ImportKind.Cv)
        {
            var (pulses, totals) = PulseSettings.Classify(r.SettingsPaths); // headers checked before the directory is opened
            if (pulses.Count == 0 && totals.Count == 0)
                throw new InputError("command line", "--settings", "needs the transmitters' settings: a pulse settings file (user,pulse,basis,bit,intensity) and, when it is sparse, an emitted totals file (user,intensity,emitted)");
        }
        string logName = LogFileName(r.Kind);
        using var dir = StagedDirectory.Open(r.OutDir);
        string staged = dir.PathFor(logName);
        ImportReport report;
        try
        {
            report = r.Kind switch
            {
                ImportKind.Access => AccessImporter.Import(setup, r.SetupPath, r.TagsPath, r.SettingsPaths, staged, cancel),
                ImportKind.Mdi => MdiImporter.Import(setup, r.SetupPath, r.TagsPath, r.SettingsPaths, staged, cancel),
                _ => CvImporter.Import(setup, r.SetupPath, r.TagsPath, staged, cancel),
            };
        }
        catch (IOException e) when (StagedDirectory.StorageFailure(e) is string rule)
        {
            throw new InputError(r.OutDir, StagedDirectory.Field, rule, e);
        }
        dir.Publish([logName], RunPipeline.RunOutputNames.Append(RunPipeline.SummaryFileName));
        report.LogPath = Path.Combine(r.OutDir, logName);
        return report;
    }

    private static void RequireFile(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InputError("command line", option, "must name a file, got an empty path");
        if (Directory.Exists(path)) throw new InputError(path, option, "is a directory, not a file");
        if (!File.Exists(path)) throw new InputError(path, option, "file not found");
    }
}
