using System.CommandLine;
using CustomerData.Checks;
using CustomerData.Checks.Loading;

namespace CustomerData.Monitors.Cli;

/// <summary>schema: writes checks.schema.json from the model.</summary>
internal static class SchemaCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string?>("--out") { Description = "File to write; standard output when omitted." };
        var command = new Command("schema", """
            Writes the JSON Schema of checks.json, generated from the model (a test fails when the committed one is stale).

            Example:
              cdm schema --out checks.schema.json
            """);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var schema = SchemaGenerator.Generate(Catalog.Default);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, schema, cancellationToken).ConfigureAwait(false);
                console.Error.WriteLine($"Wrote {file}.");
            }
            else
            {
                await console.Out.WriteAsync(schema).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
