namespace CustomerData.Checks.Sources;

/// <summary>
/// A source that can let go of what it holds between runs (a database's cache of the blocks it scanned) and reopen
/// on its next use: `serve` asks after each fire, so a process that waits an hour between fires does not keep a
/// table's worth of memory.
/// </summary>
public interface IIdleRelease
{
    /// <summary>Closes what is idle now; what is in use is left alone (the next fire may release it).</summary>
    ValueTask ReleaseIdleAsync(CancellationToken cancellationToken);
}
