namespace CustomerData.Checks.Sources;

/// <summary>Why a source cannot compute a measure, at the check field ("mode", "window", "filter") that asks for it.</summary>
public sealed record Unsupported(string Field, string Message, string? Hint = null)
{
    public override string ToString() => Hint is null ? Message : $"{Message} ({Hint})";
}
