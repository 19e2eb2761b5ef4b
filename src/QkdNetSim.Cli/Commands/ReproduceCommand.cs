using QkdNetSim.Experiments;
using QkdNetSim.Experiments.Seed004;
using Spectre.Console;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `reproduce`: the paper (one of <see cref="ReproduceCommand.PaperNames"/>), scale, output directory, seed.</summary>
/// <param name="Only">A part of the paper (<see cref="ReproduceCommand.PartNames"/>) to run alone, updated in place; null: everything.</param>
/// <param name="Redraw">Only redraw the figures (PNG and SVG) from the tables already in the output folder: nothing is simulated or recomputed.</param>
public sealed record ReproduceOptions(string Paper, bool Full, string? OutDir, ulong? Seed, string? Only = null, bool Redraw = false);

/// <summary>`qkdnetsim reproduce seed004|seed002 [--full] [--out DIR] [--seed N]`: regenerate a paper's figures under results/.</summary>
public static class ReproduceCommand
{
    private static readonly Dictionary<string, Func<ExperimentContext, string>> Papers = new()
    {
        ["seed004"] = Seed004Reproduction.Run,
        ["seed002"] = QkdNetSim.Experiments.Seed002.Seed002Reproduction.Run,
        ["seed000"] = QkdNetSim.Experiments.Seed000.Seed000Reproduction.Run,
        ["seed003"] = QkdNetSim.Experiments.Seed003.Seed003Reproduction.Run,
        ["seed001"] = QkdNetSim.Experiments.Seed001.Seed001Reproduction.Run,
    };

    /// <summary>`--redraw`: each paper's figures drawn again from the Parquet tables a reproduction saved (results/seedNNN).</summary>
    private static readonly Dictionary<string, Action<string>> Redraws = new()
    {
        ["seed004"] = Seed004Figures.Redraw,
        ["seed002"] = QkdNetSim.Experiments.Seed002.Seed002Figures.Redraw,
        ["seed000"] = QkdNetSim.Experiments.Seed000.Seed000Figures.Redraw,
        ["seed003"] = QkdNetSim.Experiments.Seed003.Seed003Figures.Redraw,
        ["seed001"] = QkdNetSim.Experiments.Seed001.Seed001Figures.Redraw,
    };

    /// <summary>Parts of a paper that `--only` runs alone: they write their own tables and section into the existing output folder.</summary>
    private static readonly Dictionary<string, Dictionary<string, Func<ExperimentContext, string>>> Parts = new()
    {
        ["seed004"] = new() { [Fig4bSensitivityExperiment.Part] = Seed004Reproduction.RunSensitivityOnly },
    };

    /// <summary>The parts `--only` knows for a paper (none: empty).</summary>
    public static IReadOnlyList<string> PartNames(string paper) => Parts.TryGetValue(paper, out var p) ? p.Keys.ToArray() : [];

    /// <summary>The papers `reproduce` knows, in the order they are listed.</summary>
    public static IReadOnlyList<string> PaperNames => Papers.Keys.ToArray();

    /// <summary>
    /// Regenerates the paper into a hidden staging folder next to the output folder and, only when everything is written,
    /// publishes it by renaming it into place (the earlier folder is renamed away first, then deleted). An interrupted or
    /// failed reproduction deletes the staging folder and leaves the output folder (e.g. tracked results/seedNNN/) exactly
    /// as it was.
    /// </summary>
    public static int Execute(ReproduceOptions o, CancellationToken cancel)
    {
        if (!Papers.ContainsKey(o.Paper))
            throw new QkdNetSim.Core.InputError("command line", "reproduce", $"expects a paper: {string.Join(" or ", Papers.Keys)}");
        string paper = o.Paper;
        if (o.OutDir is string given && string.IsNullOrWhiteSpace(given))
            throw new QkdNetSim.Core.InputError("command line", "--out", "must name a folder");
        string outDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(o.OutDir ?? Path.Combine(RepoPaths.Root(), "results", paper)));
        string parent = Path.GetDirectoryName(outDir) ?? throw new QkdNetSim.Core.InputError("command line", "--out", "must not be a file-system root");
        string name = Path.GetFileName(outDir);
        if (File.Exists(outDir)) throw new QkdNetSim.Core.InputError(outDir, "--out", "is a file, not a folder");
        Directory.CreateDirectory(parent);
        if (o.Redraw) return Redraw(paper, o, outDir);
        CleanUpAfterKilledRuns(parent, name, outDir);
        if (o.Only is string part) return RunPart(paper, part, o, outDir, cancel);
        string staging = Path.Combine(parent, $".staging-{name}-{System.Environment.ProcessId}");
        string report = "";
        bool published = false;
        try
        {
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(pctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var ctx = new ExperimentContext
                    {
                        OutDir = staging,
                        Full = o.Full,
                        Seed = o.Seed ?? 1,
                        Cancel = cancel,
                        // Experiments report from parallel workers (Parallel.ForEach, shards): one lock keeps the task table consistent.
                        Progress = (label, f) =>
                        {
                            lock (tasks)
                            {
                                if (!tasks.TryGetValue(label, out var t)) tasks[label] = t = pctx.AddTask(Markup.Escape(label), maxValue: 1.0);
                                t.Value = Math.Clamp(f, 0, 1);
                            }
                        },
                    };
                    report = Papers[paper](ctx);
                });
            cancel.ThrowIfCancellationRequested();
            Publish(staging, outDir);
            published = true;
        }
        catch (OperationCanceledException e)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(e.Message)}: nothing published, {Markup.Escape(outDir)} is unchanged[/]");
            return Cli.InterruptedExitCode;
        }
        finally
        {
            if (!published) DeleteFolder(staging);
        }
        AnsiConsole.MarkupLine($"report: {Markup.Escape(Path.Combine(outDir, Path.GetRelativePath(staging, report)))}");
        return 0;
    }

    /// <summary>
    /// `--redraw`: the paper's figures drawn again (PNG and SVG, each written atomically) from the tables in <paramref name="outDir"/>;
    /// the tables and REPORT.md are left as they are. A missing table is one line naming the file.
    /// </summary>
    private static int Redraw(string paper, ReproduceOptions o, string outDir)
    {
        if (o.Only is not null) throw new QkdNetSim.Core.InputError("command line", "--redraw", "redraws every figure of the paper; drop --only");
        if (o.Full || o.Seed is not null) throw new QkdNetSim.Core.InputError("command line", "--redraw", "simulates nothing: drop --full and --seed");
        if (!Directory.Exists(outDir)) throw new QkdNetSim.Core.InputError(outDir, "--out", "no such folder: run `qkdnetsim reproduce " + paper + "` first");
        Redraws[paper](outDir); // a missing or damaged table: one line naming it (ParquetFrame's InputError)
        AnsiConsole.MarkupLine($"figures redrawn in {Markup.Escape(outDir)}");
        return 0;
    }

    /// <summary>
    /// `--only PART`: runs one part of the paper directly into <paramref name="outDir"/> (no staging: a part writes its own tables
    /// atomically and replaces only its own section of REPORT.md, leaving every other file as it was).
    /// </summary>
    private static int RunPart(string paper, string part, ReproduceOptions o, string outDir, CancellationToken cancel)
    {
        if (!Parts.TryGetValue(paper, out var parts) || !parts.TryGetValue(part, out var run))
            throw new QkdNetSim.Core.InputError("command line", "--only",
                PartNames(paper).Count == 0 ? $"{paper} has no parts to run alone" : $"expects a part of {paper}: {string.Join(" or ", PartNames(paper))}");
        var ctx = new ExperimentContext { OutDir = outDir, Full = o.Full, Seed = o.Seed ?? 1, Cancel = cancel };
        try
        {
            string report = run(ctx);
            AnsiConsole.MarkupLine($"report: {Markup.Escape(report)}");
            return 0;
        }
        catch (OperationCanceledException e)
        {
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(e.Message)}[/]");
            return Cli.InterruptedExitCode;
        }
    }

    /// <summary>
    /// Puts the complete <paramref name="staging"/> folder at <paramref name="outDir"/>: the old folder (if any) is renamed
    /// aside, the new one renamed in, the old one deleted. Each rename stays within one parent folder (atomic); if the second
    /// rename fails the old folder is renamed back.
    /// </summary>
    private static void Publish(string staging, string outDir)
    {
        if (!Directory.Exists(staging)) Directory.CreateDirectory(staging);
        if (!Directory.Exists(outDir))
        {
            Directory.Move(staging, outDir);
            return;
        }
        string old = Path.Combine(Path.GetDirectoryName(outDir)!, $".old-{Path.GetFileName(outDir)}-{System.Environment.ProcessId}");
        DeleteFolder(old);
        Directory.Move(outDir, old);
        try
        {
            Directory.Move(staging, outDir);
        }
        catch
        {
            Directory.Move(old, outDir);
            throw;
        }
        DeleteFolder(old);
    }

    /// <summary>
    /// Removes the staging and set-aside folders of reproductions killed outright (SIGKILL runs no cleanup): those whose
    /// process id no longer runs. A set-aside earlier folder whose replacement never arrived (killed between the two
    /// renames of <see cref="Publish"/>) is renamed back first.
    /// </summary>
    private static void CleanUpAfterKilledRuns(string parent, string name, string outDir)
    {
        if (!Directory.Exists(parent)) return;
        foreach (string prefix in new[] { $".old-{name}-", $".staging-{name}-" })
            foreach (string dir in Directory.GetDirectories(parent, prefix + "*"))
            {
                if (OwnerProcess.FromFolderName(dir, prefix) is not int pid || OwnerProcess.IsRunning(pid)) continue;
                if (prefix.StartsWith(".old-", StringComparison.Ordinal) && !Directory.Exists(outDir)) Directory.Move(dir, outDir);
                else DeleteFolder(dir);
            }
    }

    private static void DeleteFolder(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
