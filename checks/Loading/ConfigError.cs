namespace CustomerData.Checks.Loading;

/// <summary>A located mistake: file, line and column (1-based), JSON path, message and hint; line 0 for the whole file.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message, string? Hint)
{
    /// <summary>Whether the mistake is the file's as a whole (empty, not UTF-8, unreadable), with no position to point at.</summary>
    public bool IsFileLevel => Line == 0;

    /// <summary>A problem of the whole file, printed as "file: message".</summary>
    public static ConfigError ForFile(string file, string message, string? hint) => new(file, 0, 0, JsonPath.Root, message, hint);

    public override string ToString() =>
        (IsFileLevel ? $"{File}: {Message}" : $"{File}:{Line}:{Column}: {Path}: {Message}")
        + (Hint is null ? string.Empty : $"\n    hint: {Hint}");
}
