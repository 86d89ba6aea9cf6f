namespace CustomerData.Tests.TestSupport;

/// <summary>
/// The real clock moved to a test's instant: time passes and timers fire for real (a Retry-After of 1 s waits 1 s),
/// but "now" reads as the scenario's date, so messages created at that date are not old.
/// </summary>
internal sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
