using QkdNetSim.Core.Records;

namespace QkdNetSim.Detectors;

/// <summary>A scheduled afterpulse or crosstalk click: gate, detector and cause. A value type kept in a heap array.</summary>
public readonly record struct SecondaryClick(long Gate, byte Detector, DetectionCause Cause);
