using QkdNetSim.Core.Records;

namespace QkdNetSim.Detectors;

/// <summary>What the two detectors of the receiver do in one gate: whether each clicked and why (ground truth).</summary>
public struct ClickPair
{
    public bool Click0, Click1;
    public DetectionCause Cause0, Cause1;

    public readonly bool Any => Click0 | Click1;

    /// <summary>
    /// Detector <paramref name="detector"/> clicks for <paramref name="cause"/>. One avalanche per detector and gate: where
    /// several causes meet, the smallest is kept (signal photon, dark count, afterpulse, crosstalk), so the ground truth does
    /// not depend on the order in which causes are added.
    /// </summary>
    public void Set(int detector, DetectionCause cause)
    {
        if (detector == 0) { if (!Click0 || cause < Cause0) { Click0 = true; Cause0 = cause; } }
        else if (!Click1 || cause < Cause1) { Click1 = true; Cause1 = cause; }
    }
}
