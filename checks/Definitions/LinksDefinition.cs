using System.ComponentModel;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Definitions;

/// <summary>Where people can look: the address of serve's status page, which messages link each check to.</summary>
public sealed record LinksDefinition
{
    [Description("The address of serve's status page as people reach it (its health port, or a proxy in front of it), such as \"https://data-monitor.internal\": absolute http(s), no query or fragment. When set, Slack messages and exported Datadog monitors link each check to <report_url>/checks/<name>.")]
    public string? ReportUrl { get; init; }

    /// <summary>The report page of one check, its name percent-encoded; null when no report_url is set.</summary>
    public string? CheckUrl(string check) =>
        ReportUrl is null ? null : ReportUrl.TrimEnd('/') + "/checks/" + Uri.EscapeDataString(check);

    /// <summary>report_url must be a link a person can follow, and one a check's path can be appended to.</summary>
    public IEnumerable<ConfigProblem> Validate(string path)
    {
        if (ReportUrl is not { } url)
        {
            yield break;
        }

        var at = JsonPath.Property(path, "report_url");
        const string Hint = "write the page's absolute address, such as \"https://data-monitor.internal\" (checks are linked as <report_url>/checks/<name>)";
        if (url.Any(c => c <= ' ' || c >= '\u007f' || c is '<' or '>' or '|' or '"' or '\\' or '^' or '`' or '{' or '}')
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            yield return new ConfigProblem(at, $"report_url \"{PrintableText.Escape(url)}\" is not an absolute URL (spaces, quotes, <, >, | and non-ASCII characters must be percent-encoded)", Hint);
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            yield return new ConfigProblem(at, $"report_url is a {uri.Scheme}: address, not http or https", Hint);
        }
        else if (uri.UserInfo.Length > 0)
        {
            yield return new ConfigProblem(at, "report_url carries a user name or password, which every Slack message would show", "remove it: the link is for people, who log in themselves");
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || url.Contains('?', StringComparison.Ordinal) || url.Contains('#', StringComparison.Ordinal))
        {
            yield return new ConfigProblem(at, "report_url has a query or a fragment, after which /checks/<name> cannot be appended", Hint);
        }
    }
}
