using QkdNetSim.Data.Files;
using ScottPlot;

namespace QkdNetSim.Experiments.Plotting;

/// <summary>ScottPlot helpers: consistent size and atomic PNG output (<see cref="AtomicFile"/>: temporary file, then rename).</summary>
public static class Figure
{
    public static void Save(Plot plot, string path, int widthPx = 900, int heightPx = 600) =>
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(widthPx, heightPx, ImageFormat.Png));

    public static void Save(Multiplot multiplot, string path, int widthPx, int heightPx)
    {
        using var image = multiplot.Render(widthPx, heightPx);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png));
    }
}
