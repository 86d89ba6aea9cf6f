namespace CustomerData.Checks.Loading;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct JsonPosition(int Line, int Column);
