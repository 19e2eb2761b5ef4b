namespace QkdNetSim.Studies;

/// <summary>
/// `sweep status DIR`: how many of the study's points are done, failed, interrupted or pending, from study.json and the
/// point.json files alone (a point.json of other content than study.json planned counts as pending), and the Slurm job
/// id when DIR/slurm/job_id exists.
/// </summary>
public sealed record StudyStatus(string Name, int Points, int Done, int Failed, int Interrupted, int Pending, string? SlurmJobId,
    IReadOnlyList<(string Point, string Error)> Failures)
{
    public static StudyStatus Read(string outDir)
    {
        var (study, hashes) = StudyOutput.Read(outDir);
        var points = study.Points();
        int done = 0, failed = 0, interrupted = 0, pending = 0;
        var failures = new List<(string, string)>();
        foreach (var p in points)
        {
            var r = StudyOutput.CurrentRecord(outDir, p, hashes);
            if (r is null) pending++;
            else if (r.Status == PointStatus.Done) done++;
            else if (r.Status == PointStatus.Failed)
            {
                failed++;
                failures.Add((p.RelativeDir, r.Error ?? ""));
            }
            else interrupted++;
        }
        string jobFile = Path.Combine(outDir, "slurm", "job_id");
        string? job = File.Exists(jobFile) ? File.ReadAllText(jobFile).Trim() : null;
        return new StudyStatus(study.Name, points.Count, done, failed, interrupted, pending, job, failures);
    }
}
