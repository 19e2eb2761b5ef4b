using ScottPlot;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>ScottPlot helpers: consistent size and atomic PNG output (temporary file, then rename).</summary>
public static class Figure
{
    public static void Save(Plot plot, string path, int widthPx = 900, int heightPx = 600)
    {
        string tmp = path + ".tmp.png";
        plot.SavePng(tmp, widthPx, heightPx);
        File.Move(tmp, path, overwrite: true);
    }

    public static void Save(Multiplot multiplot, string path, int widthPx, int heightPx)
    {
        string tmp = path + ".tmp.png";
        multiplot.SavePng(tmp, widthPx, heightPx);
        File.Move(tmp, path, overwrite: true);
    }
}
