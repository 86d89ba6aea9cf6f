namespace CustomerData.Checks.Loading;

/// <summary>A mistake in checks.json at a JSON path, with what to do about it.</summary>
public sealed record ConfigProblem(string Path, string Message, string? Hint = null);
