namespace QkdNetSim.Data.Log;

/// <summary>
/// Runs Parquet.Net's async-only API from the simulator's synchronous, single-threaded event loop.
/// </summary>
/// <remarks>
/// The ambient <see cref="SynchronizationContext"/> is cleared before the async method starts, so its
/// continuations run on the thread pool instead of being posted back to a context this thread is blocking
/// (the classic sync-over-async deadlock under UI or test-runner contexts). Called once per row group, not
/// per row, so the blocking cost is negligible.
/// </remarks>
internal static class SyncOverAsync
{
    public static void Run(Func<Task> start)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            start().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    public static T Run<T>(Func<Task<T>> start)
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start().GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }
}
