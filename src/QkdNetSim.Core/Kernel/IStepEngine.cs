namespace QkdNetSim.Core.Kernel;

/// <summary>
/// An engine that simulates a session in fixed clock steps (gates, slots) on its own hot path and can stop at any step:
/// what <see cref="StepSession"/> drives inside the kernel.
/// </summary>
public interface IStepEngine
{
    /// <summary>All steps before this one are simulated.</summary>
    long ProcessedUntilStep { get; }

    /// <summary>Simulates every step before <paramref name="endStep"/>.</summary>
    void AdvanceTo(long endStep);

    /// <summary>Hands buffered output to the sinks.</summary>
    void Flush();
}
