namespace CustomerData.Monitors.Output;

/// <summary>How a table is drawn: the width it fits (null: whole lines), colour, and the checks to mark as muted.</summary>
internal sealed record TableStyle(int? Width, bool Colour, IReadOnlySet<string> Muted)
{
    /// <summary>No terminal: whole lines, no colour, nothing muted.</summary>
    public static TableStyle Plain { get; } = new(null, false, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The narrowest table drawn: below it columns would be too narrow to read, so lines run longer.</summary>
    public const int MinimumWidth = 60;
}
