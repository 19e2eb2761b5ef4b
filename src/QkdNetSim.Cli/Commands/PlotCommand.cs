using QkdNetSim.Experiments.Plotting;

namespace QkdNetSim.Cli.Commands;

/// <summary>The parsed options of `plot`: the study folder, the x column, the metric, the series column, heatmap, output stem.</summary>
public sealed record PlotOptions(string Dir, string? X, string? Y, string? By = null, bool Heatmap = false, string? Out = null,
    IReadOnlyList<string>? Where = null);

/// <summary>`qkdnetsim plot DIR --x PARAM --y METRIC [--by PARAM] [--heatmap] [--out FILE]`: a figure of a study dataset.</summary>
public static class PlotCommand
{
    /// <summary>Draws the figure (<see cref="StudyPlot"/>), prints its notes and the two files written.</summary>
    public static int Execute(PlotOptions o, CancellationToken cancel)
    {
        if (o.X is null) throw new QkdNetSim.Core.InputError("command line", "--x", "required: the column on the x axis (a swept parameter)");
        if (o.Y is null) throw new QkdNetSim.Core.InputError("command line", "--y", "required: the metric to plot (a column of points.parquet)");
        cancel.ThrowIfCancellationRequested();
        var result = StudyPlot.Draw(new StudyPlotRequest(o.Dir, o.X, o.Y, o.By, o.Heatmap, o.Out, o.Where));
        foreach (string note in result.Notes) Console.WriteLine($"note: {note}");
        Console.WriteLine($"wrote {result.PngPath}");
        Console.WriteLine($"wrote {result.SvgPath}");
        return 0;
    }
}
