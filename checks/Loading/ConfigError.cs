namespace CustomerData.Checks.Loading;

/// <summary>A located mistake: file, line and column (1-based), JSON path, message and hint.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message, string? Hint)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {Path}: {Message}" + (Hint is null ? string.Empty : $"\n    hint: {Hint}");
}
