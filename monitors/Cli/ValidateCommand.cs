using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Loading;
using CustomerData.Checks.Sources;

namespace CustomerData.Monitors.Cli;

/// <summary>validate: exit 0 when checks.json is valid, 2 listing every error otherwise; --remote also asks the warehouses.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var remote = new Option<bool>("--remote")
        {
            Description = "Also ask the sources: tables and columns exist with usable types (BigQuery, DuckDB, PostgreSQL), indexes exist sorted by the time attribute (DynamoDB), BigQuery partition filters are met and queries dry-run, DuckDB and PostgreSQL statements bind (EXPLAIN). Nothing is billed or read.",
        };
        var command = new Command("validate", """
            Checks the configuration and lists every problem with its file, line, column, JSON path and a hint.
            Exit 0 when valid, 2 otherwise.

            Examples:
              cdm validate --config checks.json
              cdm validate --remote
            """);
        command.Options.Add(remote);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = CommonOptions.Load(parse, console);
            var config = loaded?.Config;
            var path = loaded?.Path ?? string.Empty;
            if (config is null)
            {
                return ExitCodes.ConfigurationError;
            }

            var enabled = config.Checks.Count(c => c.Enabled);
            console.Out.WriteLine($"{path} is valid: {config.Checks.Count} checks ({enabled} enabled) on {config.Sources.Count} source{(config.Sources.Count == 1 ? string.Empty : "s")}.");
            return parse.GetValue(remote) ? await ValidateRemoteAsync(console, config, path, cancellationToken).ConfigureAwait(false) : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ValidateRemoteAsync(CliConsole console, MonitorConfig config, string path, CancellationToken cancellationToken)
    {
        await using var sources = DataSources.Open(config, Catalog.Default, new SourceEnvironment(CommonOptions.BaseDirectory(path), console.Time));
        var findings = new List<RemoteFinding>();
        var asked = 0;
        foreach (var (name, _) in config.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (sources[name] is IRemoteValidatingSource remote)
            {
                var checks = RemoteChecks.Of(Catalog.Default, config, name, console.Time.GetUtcNow());
                findings.AddRange(await remote.ValidateRemoteAsync(checks, cancellationToken).ConfigureAwait(false));
                asked++;
            }
        }

        var positions = JsonPreprocessor.Process(File.ReadAllBytes(path), console.Environment).Positions;
        foreach (var finding in findings.OrderBy(f => Locate(f.Problem, path, positions).Line))
        {
            var located = Locate(finding.Problem, path, positions).ToString();
            (finding.IsWarning ? console.Out : console.Error).WriteLine(finding.IsWarning ? "warning: " + located : located);
        }

        var errors = findings.Count(f => !f.IsWarning);
        var warnings = findings.Count - errors;
        console.Out.WriteLine($"remote: {asked} source{(asked == 1 ? string.Empty : "s")} checked; {errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}.");
        return errors > 0 ? ExitCodes.ConfigurationError : ExitCodes.Ok;
    }

    // A problem's path may name a field the file leaves out: point at the nearest enclosing object that is there.
    private static ConfigError Locate(ConfigProblem problem, string file, IReadOnlyDictionary<string, JsonPosition> positions)
    {
        for (var at = problem.Path; at is not null; at = JsonPath.Parent(at))
        {
            if (positions.TryGetValue(at, out var position))
            {
                return new ConfigError(file, position.Line, position.Column, problem.Path, problem.Message, problem.Hint);
            }
        }

        return new ConfigError(file, 1, 1, problem.Path, problem.Message, problem.Hint);
    }
}
