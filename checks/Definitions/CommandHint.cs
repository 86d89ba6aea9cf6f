namespace CustomerData.Checks.Definitions;

/// <summary>
/// How messages and hints write a command for people to type: the configured program (<c>CUSTOMERDATA_COMMAND</c>,
/// default <c>cdm</c>, the installed tool) and, when the checks file is not the default <c>checks.json</c> of the
/// working directory, <c>--config</c> with its path, so a pasted command reads the same file.
/// </summary>
/// <param name="Program">Such as <c>cdm</c> or <c>dotnet run --project monitors --</c>.</param>
/// <param name="ConfigPath">The checks file as it was given, or null when it is the default.</param>
public sealed record CommandHint(string Program, string? ConfigPath)
{
    public const string DefaultProgram = "cdm";

    public const string Variable = "CUSTOMERDATA_COMMAND";

    public static CommandHint Default { get; } = new(DefaultProgram, null);

    /// <summary>The hint for a checks file read from <paramref name="configPath"/>, with the program from the environment.</summary>
    public static CommandHint For(string configPath, Func<string, string?> environment)
    {
        var program = environment(Variable) is { } configured && !string.IsNullOrWhiteSpace(configured)
            && !configured.Any(c => char.IsControl(c) || c == '`')
            ? configured.Trim()
            : DefaultProgram;
        var isDefault = string.Equals(
            Path.GetFullPath(configPath), Path.GetFullPath("checks.json"), StringComparison.Ordinal);
        return new CommandHint(program, isDefault ? null : configPath);
    }

    /// <summary>The command line for these arguments, such as <c>cdm run --check orders_freshness</c>.</summary>
    public string Line(string arguments) =>
        ConfigPath is null ? $"{Program} {arguments}" : $"{Program} {arguments} --config {Quoted(ConfigPath)}";

    // Plain paths stay as they are; anything a shell would read differently goes in single quotes.
    private static string Quoted(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '+' or ',')
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
