namespace CustomerData.Checks.Sources.BigQuery;

/// <summary>Where requests go: "endpoint", else BIGQUERY_EMULATOR_HOST (host:port, plain http, as Google's client libraries read it), else Google.</summary>
internal static class BigQueryEndpoint
{
    public static readonly Uri Google = new("https://bigquery.googleapis.com/");

    public const string EmulatorVariable = "BIGQUERY_EMULATOR_HOST";

    public static Uri Resolve(string? endpoint, Func<string, string?> environment)
    {
        var text = endpoint ?? (environment(EmulatorVariable) is { Length: > 0 } host ? (host.Contains("://", StringComparison.Ordinal) ? host : "http://" + host) : null);
        if (text is null)
        {
            return Google;
        }

        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    /// <summary>A bearer token must never travel in clear text, so plain http (an emulator) goes without credentials.</summary>
    public static bool CarriesCredentials(Uri root) => root.Scheme == Uri.UriSchemeHttps;
}
