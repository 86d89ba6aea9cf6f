namespace CustomerData.Checks.Definitions;

/// <summary>A named place checks read from; each source type derives its own record (see <c>Sources/</c>).</summary>
public abstract record SourceDefinition;
