using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using QkdNetSim.Cli.Commands;
using QkdNetSim.Cli.Output;
using QkdNetSim.Core;

namespace QkdNetSim.Cli;

/// <summary>
/// The grammar of `qkdnetsim` on System.CommandLine: the four verbs and their options, help with examples, the
/// version, completion (the root keeps the library's [suggest] directive) and the mapping of every parse problem
/// to one <see cref="InputError"/> ("command line: OPTION: rule", exit 2), with a suggestion for mistyped verbs,
/// options and papers. The verbs' bodies get typed option records through the handlers given to the constructor.
/// </summary>
public sealed class CliParser
{
    private const string Tool = "qkdnetsim";

    private readonly RootCommand _root;
    private readonly Dictionary<Command, string[]> _examples = new();
    private readonly Dictionary<Argument, string> _missingRules = new();

    public CliParser(Func<RunOptions, int> run, Func<AnalyzeOptions, int> analyze, Func<ReproduceOptions, int> reproduce, Func<BenchOptions, int> bench,
        Func<PlotOptions, int>? plot = null, Func<CapacityOptions, int>? capacity = null, Func<SweepOptions, int>? sweep = null,
        Func<ImportOptions, int>? import = null)
    {
        _root = new RootCommand("qkdnetsim: discrete-event simulator of multi-user QKD networks (access, MDI and CV-QKD networks; "
            + "synthetic Parquet logs and their key-rate analysis). Run `qkdnetsim VERB --help` for a verb's options.")
        { HelpName = Tool };
        _root.Add(RunVerb(run));
        _root.Add(AnalyzeVerb(analyze));
        _root.Add(ReproduceVerb(reproduce));
        _root.Add(BenchVerb(bench));
        if (plot is not null) _root.Add(PlotVerb(plot));
        if (capacity is not null) _root.Add(CapacityVerb(capacity));
        if (sweep is not null) _root.Add(SweepVerb(sweep));
        if (import is not null) _root.Add(ImportVerb(import));
        _examples[_root] =
        [
            "qkdnetsim run --duration 1       # the built-in seed-004 network for 1 s",
            "qkdnetsim run --help             # a verb's options and examples",
            "qkdnetsim \"[suggest:2]\" \"ru\"     # completions at cursor position 2 (what a shell completion function asks)",
        ];
        Version = _root.Options.OfType<VersionOption>().Single();
    }

    /// <summary>The root command (its directives include the library's <see cref="SuggestDirective"/>).</summary>
    public RootCommand Root => _root;

    private VersionOption Version { get; }

    /// <summary>
    /// Parses and runs <paramref name="args"/>: no argument prints the usage (exit 2); `help [VERB]` is `[VERB] --help`;
    /// a parse problem throws <see cref="InputError"/>; help, version and completions exit 0; a verb returns its exit code.
    /// </summary>
    public int Invoke(string[] args)
    {
        if (args.Length == 0)
        {
            WriteHelp(_root.Parse(["--help"]));
            return 2;
        }
        if (args[0] == "help") args = args.Length == 1 ? ["--help"] : [args[1], "--help"];
        var parse = _root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }); // "@file" is a path, not a response file
        if (Problem(parse, args) is InputError problem) throw problem;
        if (parse.Action is HelpAction)
        {
            WriteHelp(parse);
            return 0;
        }
        if (parse.Action is not null && ReferenceEquals(parse.Action, Version.Action))
        {
            Console.WriteLine($"{Tool} {QkdNetSim.Runs.ToolInfo.Version}");
            return 0;
        }
        // Our own Ctrl+C handling (Program) keeps what was simulated; the library must not install a second one.
        return parse.Invoke(Invocation());
    }

    private static InvocationConfiguration Invocation() => new()
    {
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
        Output = Console.Out,
        Error = Console.Error,
    };

    // ---- verbs ----

    private Command RunVerb(Func<RunOptions, int> handler)
    {
        var scenario = new Argument<string?>("SCENARIO")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Scenario YAML file (default: the built-in seed-004 network: 1x8 splitter, two transmitters, 60 s). "
                + "`kind: mdiNetwork` runs an MDI network (coincidences.parquet), `kind: cvNetwork` a CV-QKD broadcast network (cv_samples.parquet). "
                + "A path that does not exist is looked up in the model root's models/ (QKDNETSIM_MODEL_ROOT, else the installed tool's own), "
                + "e.g. networks/seed004-fig3a-splitter.yaml.",
        };
        var outDir = PathOption("--out", "DIR", "Output directory [default: runs/<scenario name>]");
        var seed = SeedOption();
        var duration = NumberOption("--duration", "SECONDS", "Simulated session length (shorthand for --set durationS=; not for CV, whose length is `samples`)",
            d => d > 0 && double.IsFinite(d), "must be > 0 and finite");
        var set = new Option<string[]>("--set")
        {
            HelpName = "path=value",
            Description = "Override a scenario field by its dotted camelCase path, with list indices; repeatable (e.g. --set users.1.fibreLengthKm=25)",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var noLog = Flag("--no-log", "Do not write the Parquet log (summary.json only); the run announces the log's expected size and warns from 1 GB (QKDNETSIM_LOG_WARN_BYTES)");
        var quiet = Flag("--quiet", "No progress bar, nor the line with the log's expected size (a warning still shows)");
        var format = FormatOption("Result format on stdout: table, or json/csv for scripts (per user, pair or Bob; nothing else on stdout)");
        var workers = NumberOption("--workers", "N", "Threads for the epochs of a static access session without a log (same results for any N) [default: every core]",
            w => w >= 1 && w <= 4096 && w == Math.Floor(w), "must be an integer in [1, 4096]");
        var verb = new Command("run", "Simulate a scenario, write the Parquet log and summary.json, print the per-user results.")
        {
            scenario, outDir, seed, duration, set, noLog, quiet, format, workers,
        };
        verb.SetAction(p => handler(new RunOptions(p.GetValue(scenario), p.GetValue(outDir), p.GetValue(seed), p.GetValue(duration),
            p.GetValue(set) ?? [], p.GetValue(noLog), p.GetValue(quiet), Format(p.GetValue(format)), (int?)p.GetValue(workers))));
        _examples[verb] =
        [
            "qkdnetsim run                                                  # built-in seed-004 network, 60 s, into runs/seed004-default",
            "qkdnetsim run models/networks/seed002-four-user-mdi.yaml --duration 1 --seed 7",
            "qkdnetsim run models/networks/seed000-three-node-cv.yaml --set samples=200000",
            "qkdnetsim run networks/seed004-fig3a-splitter.yaml --duration 10  # a packaged model, from any folder",
            "qkdnetsim run --duration 0.5 --set users.1.fibreLengthKm=25 --no-log",
            "qkdnetsim run --duration 0.5 --format csv --quiet > users.csv",
        ];
        return verb;
    }

    private Command AnalyzeVerb(Func<AnalyzeOptions, int> handler)
    {
        var target = new Argument<string>("TARGET")
        {
            Description = "A run directory, a .parquet log (detections, coincidences or cv_samples), or a `kind: cvCovariance` YAML file",
        };
        _missingRules[target] = "expects one run directory, .parquet file or covariance .yaml file";
        var format = FormatOption("Result format on stdout: table, or json/csv for scripts (per user, pair or Bob; nothing else on stdout)");
        var verb = new Command("analyze", "Recompute summary.json from a Parquet log alone, or the multi-user CV key rates of a covariance file.")
        {
            target, format,
        };
        verb.SetAction(p => handler(new AnalyzeOptions(p.GetValue(target)!, Format(p.GetValue(format)))));
        _examples[verb] =
        [
            "qkdnetsim analyze runs/seed004-default",
            "qkdnetsim analyze runs/seed004-default/detections.parquet --format json",
            "qkdnetsim analyze models/measurements/seed000-three-node-covariance.yaml",
        ];
        return verb;
    }

    private Command ReproduceVerb(Func<ReproduceOptions, int> handler)
    {
        var papers = ReproduceCommand.PaperNames;
        string expects = $"expects a paper: {string.Join(" or ", papers)}";
        var paper = new Argument<string>("PAPER") { Description = $"The paper to reproduce: {string.Join(", ", papers)}" };
        paper.CompletionSources.Add(papers.ToArray());
        paper.Validators.Add(r =>
        {
            string given = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (r.Tokens.Count > 0 && !papers.Contains(given)) r.AddError($"unknown paper '{given}'{DidYouMean(given, papers)} ({expects})");
        });
        _missingRules[paper] = expects;
        var full = Flag("--full", "The paper's session lengths (hours of simulated time; default: quick scale, minutes)");
        var outDir = PathOption("--out", "DIR", "Output directory [default: results/<paper>]");
        var seed = SeedOption("Base seed of the simulations [default: 1]");
        var only = new Option<string?>("--only")
        {
            HelpName = "PART",
            Description = $"Run one part alone and update it in place in the output folder (seed004: {string.Join(", ", ReproduceCommand.PartNames("seed004"))})",
        };
        var redraw = Flag("--redraw", "Only redraw the figures (PNG and SVG) from the tables already in the output folder: nothing is simulated");
        var verb = new Command("reproduce", "Regenerate a paper's tables, figures and REPORT.md under results/<paper>.")
        {
            paper, full, outDir, seed, only, redraw,
        };
        verb.SetAction(p => handler(new ReproduceOptions(p.GetValue(paper)!, p.GetValue(full), p.GetValue(outDir), p.GetValue(seed), p.GetValue(only), p.GetValue(redraw))));
        _examples[verb] =
        [
            "qkdnetsim reproduce seed004                       # quick scale, minutes",
            "qkdnetsim reproduce seed002 --full --out /tmp/seed002",
            "qkdnetsim reproduce seed004 --only fig4b-sensitivity   # one part, updated in results/seed004",
            "qkdnetsim reproduce seed003 --redraw                # figures only, from the tables in results/seed003",
        ];
        return verb;
    }

    private Command BenchVerb(Func<BenchOptions, int> handler)
    {
        var defaults = new BenchOptions();
        var seconds = NumberOption("--seconds", "S", "Simulated seconds per access-network measurement", null, null, defaults.Seconds);
        var mdiSeconds = NumberOption("--mdi-seconds", "S", "Simulated seconds per MDI-network measurement", null, null, defaults.MdiSeconds);
        var cvRounds = NumberOption("--cv-rounds", "R", "Rounds per CV-network measurement, in [1e3, 1e10]", r => r >= 1e3 && r <= 1e10, "must lie in [1e3, 1e10]", defaults.CvRounds);
        var outFile = PathOption("--out", "FILE.md", "Also write the tables as Markdown (results/BENCHMARKS.md)");
        var studyPoints = NumberOption("--study-points", "N", "Points of the model-engine study, rounded to a multiple of 20 (0: no studies section)", n => n >= 0 && n <= 100_000 && n == Math.Floor(n), "must be an integer in [0, 100000]", defaults.StudyPoints);
        var studySeconds = NumberOption("--study-seconds", "S", "Simulated seconds per point of the 16-point simulation study, in (0, 3600]", x => x > 0 && x <= 3600, "must lie in (0, 3600]", defaults.StudySeconds);
        var limitSeconds = NumberOption("--limit-seconds", "S", "Simulated seconds of the default-scenario runs of the \"closer to the limit\" section, in [0, 3600] (0: no such section)", x => x >= 0 && x <= 3600, "must lie in [0, 3600]", defaults.LimitSeconds);
        // Internal: how bench starts each measurement in a fresh child process (hidden from help and completion).
        var child = Flag("--child", "internal: run one measurement");
        var childLog = PathOption("--child-log", "0|1", "internal");
        var childDuration = NumberOption("--child-duration", "S", "internal");
        var childKind = PathOption("--child-kind", "KIND", "internal");
        var childWorkers = NumberOption("--child-workers", "N", "internal");
        child.Hidden = childLog.Hidden = childDuration.Hidden = childKind.Hidden = childWorkers.Hidden = true;
        var verb = new Command("bench", "Measure events/s and peak memory of the access, MDI and CV simulations, each in a fresh process on one core.")
        {
            seconds, mdiSeconds, cvRounds, outFile, studyPoints, studySeconds, limitSeconds, child, childLog, childDuration, childKind, childWorkers,
        };
        verb.SetAction(p => handler(new BenchOptions(p.GetValue(seconds) ?? defaults.Seconds, p.GetValue(mdiSeconds) ?? defaults.MdiSeconds,
            p.GetValue(cvRounds) ?? defaults.CvRounds, p.GetValue(outFile),
            p.GetValue(child) ? new BenchChild(p.GetValue(childKind), p.GetValue(childLog) == "1", p.GetValue(childDuration), (int)(p.GetValue(childWorkers) ?? 1)) : null,
            (int)(p.GetValue(studyPoints) ?? defaults.StudyPoints), p.GetValue(studySeconds) ?? defaults.StudySeconds,
            p.GetValue(limitSeconds) ?? defaults.LimitSeconds)));
        _examples[verb] =
        [
            "qkdnetsim bench --seconds 30 --mdi-seconds 10 --cv-rounds 1e6 --study-points 200 --study-seconds 5 --limit-seconds 10",
            "qkdnetsim bench --out results/BENCHMARKS.md",
        ];
        return verb;
    }

    private Command PlotVerb(Func<PlotOptions, int> handler)
    {
        var dir = new Argument<string>("DIR") { Description = "A study folder written by `qkdnetsim sweep` (it holds points.parquet)" };
        _missingRules[dir] = "expects a study folder (it holds points.parquet)";
        var x = PathOption("--x", "PARAM", "Column on the x axis: a swept parameter (its dotted path) or any numeric column");
        var y = PathOption("--y", "METRIC", "Metric on the y axis (heatmap: the colour), e.g. secretKeyRateBitPerS; rates get a log axis");
        var by = PathOption("--by", "PARAM", "One series per value of this column (unitName: per unit); the y axis of a heatmap");
        var heatmap = Flag("--heatmap", "Heatmap of METRIC over PARAM (x) and --by (y); several units: the minimum (worst unit)");
        var outFile = PathOption("--out", "FILE", "Output stem: writes FILE.png and FILE.svg [default: DIR/figures/<metric>-vs-<x>[-by-<by>][-heatmap][-where-...]]");
        var where = new Option<string[]>("--where")
        {
            HelpName = "column=value",
            Description = "Only rows whose column (a parameter, engine, unitName, ...) has this value; repeatable",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var verb = new Command("plot", "Draw a study's metric against a parameter (PNG and SVG): repeats averaged with standard-error bars, log axes for rates.")
        {
            dir, x, y, by, heatmap, outFile, where,
        };
        verb.SetAction(p => handler(new PlotOptions(p.GetValue(dir)!, p.GetValue(x), p.GetValue(y), p.GetValue(by), p.GetValue(heatmap), p.GetValue(outFile),
            p.GetValue(where) ?? [])));
        _examples[verb] =
        [
            "qkdnetsim plot studies/detector-sharing --x distance --y secretKeyRateBitPerS --by capacity --where afterpulseProbability=0.045",
            "qkdnetsim plot studies/detector-sharing --x distance --y secretKeyRateBitPerS --where capacity=8 --where afterpulseProbability=0.1   # one setting of the grid",
            "qkdnetsim plot studies/detector-sharing --x distance --by capacity --y secretKeyRateBitPerS --heatmap --out fig",
        ];
        return verb;
    }

    private Command CapacityVerb(Func<CapacityOptions, int> handler)
    {
        var scenario = new Argument<string?>("SCENARIO")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "Scenario YAML file of any kind with a model engine (default: the built-in seed-004 network)",
        };
        var maximize = PathOption("--maximize", "KNOB|PATH",
            "What to maximize: a knob of the scenario's kind (access: activeUsers, capacity, distance, afterpulseProbability, darkCountProbability) or a dotted --set path (then give --from and --to)");
        var target = NumberOption("--target-key-rate", "BIT/S", "Finite-key rate the worst unit (user, pair, Bob) must keep, bit/s",
            d => d > 0 && double.IsFinite(d), "must be > 0 and finite");
        var confirm = Flag("--confirm", "Then simulate at the boundary (--repeats sessions, no log) and print the simulated rate with its standard error");
        var repeats = NumberOption("--repeats", "R", "Sessions --confirm simulates, in [2, 1000]", r => r >= 2 && r <= 1000 && r == Math.Floor(r), "must be an integer in [2, 1000]", 4);
        var set = new Option<string[]>("--set")
        {
            HelpName = "path=value",
            Description = "Override a scenario field of the base scenario by its dotted path; repeatable",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var knob = new Option<string[]>("--knob")
        {
            HelpName = "name=value",
            Description = "Set a knob of the base scenario (e.g. capacity=64), applied in order before the search; repeatable",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var seed = SeedOption();
        var from = NumberOption("--from", "X", "Start of the search range [default: the knob's minimum]", double.IsFinite, "must be finite");
        var to = NumberOption("--to", "X", "End of the search range [default: the knob's maximum]", double.IsFinite, "must be finite");
        var integer = Flag("--integer", "The dotted path's values are integers");
        var tolerance = NumberOption("--tolerance", "X", "Width of the final bisection interval [default: 1e-4 of the bracket; 1 for integers]",
            d => d > 0 && double.IsFinite(d), "must be > 0 and finite");
        var outDir = PathOption("--out", "DIR", "Keep --confirm's run directories in DIR/repeat=R [default: a temporary folder, removed]");
        var quiet = Flag("--quiet", "No progress bar");
        var format = FormatOption("Result format on stdout: table, or json/csv for scripts (one row; nothing else on stdout)");
        var verb = new Command("capacity", "Find the largest value of a knob or path at which the worst unit's finite-key rate still reaches a target (model engine; --confirm simulates).")
        {
            scenario, maximize, target, confirm, repeats, set, knob, seed, from, to, integer, tolerance, outDir, quiet, format,
        };
        verb.SetAction(p => handler(new CapacityOptions(p.GetValue(scenario),
            p.GetValue(maximize) ?? throw new InputError("command line", "--maximize", "required: the knob or dotted path to maximize"),
            p.GetValue(target) ?? throw new InputError("command line", "--target-key-rate", "required: the finite-key rate in bit/s the worst unit must keep"),
            p.GetValue(confirm),
            (int)(p.GetValue(repeats) ?? 4), p.GetValue(set) ?? [], p.GetValue(knob) ?? [], p.GetValue(seed), p.GetValue(from), p.GetValue(to),
            p.GetValue(integer), p.GetValue(tolerance), p.GetValue(outDir), p.GetValue(quiet), Format(p.GetValue(format)))));
        _examples[verb] =
        [
            "qkdnetsim capacity --maximize activeUsers --target-key-rate 1000 --set users.0.fibreLengthKm=10   # users on the built-in 1x8 network",
            "qkdnetsim capacity models/networks/seed004-fig3a-splitter.yaml --knob capacity=64 --set durationS=43200 --maximize distance --target-key-rate 1e-6",
            "qkdnetsim capacity --maximize afterpulseProbability --target-key-rate 20000 --confirm --set durationS=2",
        ];
        return verb;
    }

    private Command SweepVerb(Func<SweepOptions, int> handler)
    {
        var study = new Argument<string>("STUDY") { Description = "Study file (YAML): base scenario, parameters (grid, zip, sample), repeats, engine; see README \"Studies (sweep)\"" };
        _missingRules[study] = "expects one study file (.yaml), or `collect DIR` / `status DIR`";
        var outDir = PathOption("--out", "DIR", "Study output folder [default: studies/<study name>]");
        var workers = NumberOption("--workers", "N", "Points run at once, one per thread [default: every core]", w => w >= 1 && w <= 4096 && w == Math.Floor(w), "must be an integer in [1, 4096]");
        var resume = Flag("--resume", "Keep points already done with the same content (scenario, seed, engine, tool version); redo interrupted and failed ones");
        string[] backends = ["local", "slurm"];
        var backend = LastWins(new Option<string>("--backend")
        {
            HelpName = "local|slurm",
            Description = "local: worker threads here; slurm: write and submit a job array (DIR/slurm/job.sbatch)",
            DefaultValueFactory = _ => "local",
            CustomParser = r =>
            {
                string v = r.Tokens[^1].Value;
                if (backends.Contains(v)) return v;
                r.AddError($"expected local or slurm, got '{v}'{DidYouMean(v, backends)}");
                return "local";
            },
        });
        backend.CompletionSources.Add(backends);
        var dryRun = Flag("--dry-run", "Validate every point and print them (local) or the job script (slurm); run nothing, write nothing");
        var quiet = Flag("--quiet", "No progress bar");
        // Internal: a Slurm array task runs the points with index % TASKS == TASK (hidden from help and completion).
        var task = NumberOption("--task", "K", "internal: array task index", k => k >= 0 && k == Math.Floor(k) && k < int.MaxValue, "must be an integer >= 0");
        var tasks = NumberOption("--tasks", "T", "internal: array tasks", k => k >= 1 && k == Math.Floor(k) && k < int.MaxValue, "must be an integer >= 1");
        task.Hidden = tasks.Hidden = true;
        var dir = new Argument<string>("DIR") { Description = "A study's output folder" };
        _missingRules[dir] = "expects one study output folder";
        var collect = new Command("collect", "Build DIR/points.parquet from the point folders (after a Slurm array, or to refresh it).") { dir };
        collect.SetAction(p => handler(new SweepOptions(SweepMode.Collect, p.GetValue(dir)!)));
        var statusDir = new Argument<string>("DIR") { Description = "A study's output folder" };
        _missingRules[statusDir] = "expects one study output folder";
        var status = new Command("status", "Count a study's points: done, failed, interrupted, pending (and its Slurm job id).") { statusDir };
        status.SetAction(p => handler(new SweepOptions(SweepMode.Status, p.GetValue(statusDir)!)));
        var verb = new Command("sweep", "Run a study: many points of one base scenario, on all cores or a Slurm cluster, into one dataset (points.parquet).")
        {
            study, outDir, workers, resume, backend, dryRun, quiet, task, tasks, collect, status,
        };
        verb.SetAction(p => handler(new SweepOptions(SweepMode.Run, p.GetValue(study)!, p.GetValue(outDir), (int?)p.GetValue(workers), p.GetValue(resume),
            p.GetValue(backend) ?? "local", p.GetValue(dryRun), p.GetValue(quiet), (int?)p.GetValue(task), (int?)p.GetValue(tasks))));
        _examples[verb] =
        [
            "qkdnetsim sweep experiments/studies/detector-sharing.yaml --workers 2",
            "qkdnetsim sweep study.yaml --dry-run                  # the points, validated, nothing run",
            "qkdnetsim sweep study.yaml --resume                   # after Ctrl+C or an edit: keep what is done",
            "qkdnetsim sweep study.yaml --backend slurm --out /scratch/s   # then: qkdnetsim sweep collect /scratch/s",
            "qkdnetsim sweep status studies/detector-sharing",
        ];
        return verb;
    }

    private Command ImportVerb(Func<ImportOptions, int> handler)
    {
        string[] kinds = QkdNetSim.Runs.Import.ImportKinds.Names;
        var kind = LastWins(new Option<string?>("--kind")
        {
            HelpName = "access|mdi|cv",
            Description = "The network kind of the data: access (detections.parquet), mdi (coincidences.parquet) or cv (cv_samples.parquet)",
            CustomParser = r =>
            {
                string v = r.Tokens[^1].Value;
                if (kinds.Contains(v)) return v;
                r.AddError($"expected access, mdi or cv, got '{v}'{DidYouMean(v, kinds)}");
                return null;
            },
        });
        kind.CompletionSources.Add(kinds);
        var setup = PathOption("--setup", "SETUP.yaml", "The setup: channels and detectors, clock (period, offset or sync channel), users and time bins, windows, CV calibration");
        var tags = PathOption("--tags", "FILE", "Time tags: CSV (channel,time_ps) or a binary dump (12-byte records: int32 channel, int64 time_ps, little-endian); cv: the samples CSV");
        var settings = new Option<string[]>("--settings")
        {
            HelpName = "FILE",
            Description = "Transmitter settings: pulse records (user,pulse,basis,bit,intensity[,bob_basis]) and emitted totals (user,intensity,emitted); repeatable",
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        var outDir = PathOption("--out", "DIR", "Output directory: receives the kind's log with its manifest, for `qkdnetsim analyze DIR`");
        var verb = new Command("import", "Turn a lab's time tags and settings (or CV samples) into the kind's Parquet log and manifest, for `analyze`.")
        {
            kind, setup, tags, settings, outDir,
        };
        static string Required(string? value, string option, string what) => value ?? throw new InputError("command line", option, $"required: {what}");
        verb.SetAction(p => handler(new ImportOptions(
            Required(p.GetValue(kind), "--kind", "access, mdi or cv"),
            Required(p.GetValue(setup), "--setup", "the SETUP.yaml file"),
            Required(p.GetValue(tags), "--tags", "the time-tag file (cv: the samples CSV)"),
            p.GetValue(settings) ?? [],
            Required(p.GetValue(outDir), "--out", "the output directory"))));
        _examples[verb] =
        [
            "qkdnetsim import --kind access --setup examples/lab/access/setup.yaml --tags examples/lab/access/tags.csv --settings examples/lab/access/settings.csv --settings examples/lab/access/emitted.csv --out /tmp/lab-access",
            "qkdnetsim analyze /tmp/lab-access",
        ];
        return verb;
    }

    // ---- option kinds: each parses its value with today's rule text ----

    private static Option<string?> PathOption(string name, string helpName, string description) =>
        LastWins(new Option<string?>(name) { HelpName = helpName, Description = description, CustomParser = r => r.Tokens[^1].Value });

    /// <summary>A single-value option given more than once keeps its last value (as scripts that append options expect).</summary>
    private static Option<T> LastWins<T>(Option<T> option)
    {
        option.Arity = ArgumentArity.OneOrMore;
        option.AllowMultipleArgumentsPerToken = false;
        return option;
    }

    private static Option<bool> Flag(string name, string description) =>
        new(name) { Arity = ArgumentArity.Zero, Description = description };

    private static Option<ulong?> SeedOption(string description = "Random seed (shorthand for --set seed=)") => LastWins(new Option<ulong?>("--seed")
    {
        HelpName = "N",
        Description = description,
        CustomParser = r =>
        {
            string v = r.Tokens[^1].Value;
            if (ulong.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong n)) return n;
            r.AddError($"expected a non-negative integer, got '{v}'");
            return null;
        },
    });

    /// <summary>A number (invariant culture); with <paramref name="valid"/>, values outside it are "<paramref name="rule"/>, got VALUE".</summary>
    private static Option<double?> NumberOption(string name, string helpName, string description, Func<double, bool>? valid = null, string? rule = null, double? defaultValue = null)
    {
        var option = LastWins(new Option<double?>(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = r =>
            {
                string v = r.Tokens[^1].Value;
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    r.AddError($"expected a number, got '{v}'");
                    return null;
                }
                if (valid is not null && !valid(d))
                {
                    r.AddError($"{rule}, got {v}");
                    return null;
                }
                return d;
            },
        });
        if (defaultValue is double dv) option.DefaultValueFactory = _ => dv;
        return option;
    }

    private static readonly string[] FormatNames = ["table", "json", "csv"];

    /// <summary>--format table|json|csv (a string option, so help shows "[default: table]" and completion the three names).</summary>
    private static Option<string> FormatOption(string description)
    {
        var option = LastWins(new Option<string>("--format")
        {
            HelpName = string.Join('|', FormatNames),
            Description = description,
            DefaultValueFactory = _ => FormatNames[0],
            CustomParser = r =>
            {
                string v = r.Tokens[^1].Value;
                if (FormatNames.Contains(v.ToLowerInvariant())) return v.ToLowerInvariant();
                r.AddError($"expected table, json or csv, got '{v}'{DidYouMean(v, FormatNames)}");
                return FormatNames[0];
            },
        });
        option.CompletionSources.Add(FormatNames);
        return option;
    }

    private static OutputFormat Format(string? name) => name switch { "json" => OutputFormat.Json, "csv" => OutputFormat.Csv, _ => OutputFormat.Table };

    // ---- help ----

    /// <summary>The library's help of the parsed command (description, usage, arguments, options, verbs), then its examples.</summary>
    private void WriteHelp(ParseResult parse)
    {
        if (parse.Action is HelpAction help) help.MaxWidth = HelpWidth();
        parse.Invoke(Invocation());
        if (!_examples.TryGetValue(parse.CommandResult.Command, out var lines)) return;
        Console.Out.WriteLine("Examples:");
        foreach (string line in lines) Console.Out.WriteLine("  " + line);
        Console.Out.WriteLine();
    }

    /// <summary>The terminal's width; when stdout is not a terminal, wide enough that help lines do not wrap.</summary>
    private static int HelpWidth()
    {
        if (Console.IsOutputRedirected) return 160;
        try { return Math.Max(60, Console.WindowWidth); }
        catch (IOException) { return 160; }
    }

    // ---- parse problems ----

    /// <summary>
    /// The first problem of a parse as the CLI's one-line input error, or null: an option nobody knows (the library
    /// would take it as a positional argument or leave it unmatched), an extra argument or unknown verb, then the
    /// library's errors (a missing value, a value the option's parser rejects, a missing argument).
    /// </summary>
    private InputError? Problem(ParseResult parse, string[] args)
    {
        if (parse.Action is HelpAction || (parse.Action is not null && ReferenceEquals(parse.Action, Version.Action))) return null;
        if (_root.Directives.Any(d => parse.GetResult(d) is not null)) return null; // [suggest:N] completes partial input
        var command = parse.CommandResult.Command;
        string verb = command == _root ? Tool : command.Name;
        int endOfOptions = Array.IndexOf(args, "--");
        var positional = parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens.Select(t => t.Value));
        var strays = parse.UnmatchedTokens.Concat(positional).Distinct().OrderBy(t => Array.IndexOf(args, t)).ToList();

        foreach (string token in strays) // the first stray in command-line order decides
        {
            if (LooksLikeOption(token) && !(endOfOptions >= 0 && Array.LastIndexOf(args, token) > endOfOptions))
            {
                var names = OptionNames(command);
                string hint = DidYouMean(token.Split('=', ':')[0], names);
                return new InputError("command line", token, $"unknown option for '{verb}'"
                    + (hint.Length > 0 ? hint : $" (expected one of: {string.Join(", ", names.Where(n => n.StartsWith("--", StringComparison.Ordinal)))})"));
            }
            if (!parse.UnmatchedTokens.Contains(token)) continue; // a positional argument
            if (command == _root)
            {
                var verbs = _root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToArray();
                return new InputError("command line", token, $"unknown command{DidYouMean(token, verbs)} (expected {string.Join(", ", verbs[..^1])} or {verbs[^1]})");
            }
            return new InputError("command line", token, $"unexpected argument: '{verb}' takes {ArgumentsPhrase(command)}");
        }
        foreach (var error in parse.Errors)
        {
            switch (error.SymbolResult)
            {
                case OptionResult o:
                    return OptionError(o, error.Message);
                case ArgumentResult { Parent: OptionResult o }:
                    return OptionError(o, error.Message);
                case ArgumentResult a:
                    return new InputError("command line", a.Argument.Name, a.Tokens.Count == 0 ? MissingRule(a.Argument) : Rule(error.Message));
                case CommandResult c when c.Command.Arguments.FirstOrDefault(x => x.Arity.MinimumNumberOfValues > 0 && c.GetResult(x) is not { Tokens.Count: > 0 }) is Argument missing:
                    return new InputError("command line", missing.Name, MissingRule(missing));
                case CommandResult c when c.Command == _root:
                    return new InputError("command line", Tool, Rule(error.Message));
                case CommandResult c:
                    return new InputError("command line", c.Command.Name, Rule(error.Message));
                default:
                    return new InputError("command line", verb, Rule(error.Message));
            }
        }
        return null;
    }

    private static InputError OptionError(OptionResult o, string message) =>
        new("command line", o.IdentifierToken?.Value ?? o.Option.Name, o.Tokens.Count == 0 ? "option needs a value" : Rule(message));

    private string MissingRule(Argument argument) => _missingRules.TryGetValue(argument, out string? rule) ? rule : "required argument missing";

    /// <summary>The library's sentence as a rule: without its final period.</summary>
    private static string Rule(string message) => message.TrimEnd().TrimEnd('.');

    private static string ArgumentsPhrase(Command command) => command.Arguments.Count switch
    {
        0 => "no arguments",
        _ => string.Join(" and ", command.Arguments.Select(a => (a.Arity.MinimumNumberOfValues == 0 ? "at most one " : "one ") + a.Name)),
    };

    /// <summary>"-x", "--name", "--name=value"; not a negative number.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The visible option names and aliases a command accepts (its own and the recursive ones of its parents).</summary>
    private IReadOnlyList<string> OptionNames(Command command)
    {
        var options = command.Options.AsEnumerable();
        if (command != _root) options = options.Concat(_root.Options.Where(o => o.Recursive));
        return options.Where(o => !o.Hidden).SelectMany(o => new[] { o.Name }.Concat(o.Aliases))
            .Where(n => n.StartsWith('-') && n != "-?").Distinct().ToArray();
    }

    // ---- suggestions ----

    /// <summary>"; did you mean 'x'?" for the closest candidates to a mistyped word, or "" when none is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var close = Closest(typed, candidates);
        return close.Count == 0 ? "" : $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    /// <summary>
    /// Candidates within an edit distance (insertions, deletions, substitutions, swaps of neighbours) of a third of
    /// the word (at least 1), the nearest first; or those the word begins (a prefix of at least three letters).
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        string core = typed.TrimStart('-');
        int limit = Math.Max(1, core.Length / 3);
        var scored = candidates.Distinct()
            .Select(c => (Name: c, Distance: EditDistance(typed, c)))
            .Where(x => x.Distance <= limit || (core.Length >= 3 && x.Name.TrimStart('-').StartsWith(core, StringComparison.Ordinal)))
            .ToList();
        if (scored.Count == 0) return [];
        int best = scored.Min(x => x.Distance);
        return scored.Where(x => x.Distance == best).Select(x => x.Name).ToArray();
    }

    /// <summary>Optimal-string-alignment distance: Levenshtein plus transposition of two neighbouring letters.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
