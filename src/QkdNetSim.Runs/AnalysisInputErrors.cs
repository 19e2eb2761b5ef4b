using QkdNetSim.Analysis;
using QkdNetSim.Core;

namespace QkdNetSim.Runs;

/// <summary>
/// The edge's half of "errors at the edge": an <see cref="AnalysisInputException"/> that the physics throws (field and
/// rule, no file) becomes the user's <see cref="InputError"/> naming the file the input came from.
/// </summary>
public static class AnalysisInputErrors
{
    /// <summary>The user-input error for <paramref name="file"/> with the analysis' field and rule.</summary>
    public static InputError At(this AnalysisInputException e, string file) => new(file, e.Field, e.Rule, e);

    /// <summary>Runs <paramref name="analysis"/>; an <see cref="AnalysisInputException"/> is rethrown as an <see cref="InputError"/> naming <paramref name="file"/>.</summary>
    public static T In<T>(string file, Func<T> analysis)
    {
        try
        {
            return analysis();
        }
        catch (AnalysisInputException e)
        {
            throw e.At(file);
        }
    }
}
