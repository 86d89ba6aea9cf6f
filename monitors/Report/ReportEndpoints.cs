using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CustomerData.Monitors.Report;

/// <summary>
/// serve's report pages on the health port: `/` (every enabled check) and `/checks/&lt;name&gt;` (one check, enabled or
/// not), built on each request from the running configuration and the history store. Read-only (GET only); they show
/// what the file and the history hold, never an environment variable, webhook or connection string.
/// </summary>
internal static class ReportEndpoints
{
    private static readonly Duration DefaultSpan = new(TimeSpan.FromDays(30));

    public static void Map(IEndpointRouteBuilder app, ServiceState state)
    {
        app.MapGet("/", (HttpContext context) => WriteAsync(context, state, null));
        app.MapGet("/checks/{name}", (HttpContext context, string name) => WriteAsync(context, state, name));
    }

    private static async Task WriteAsync(HttpContext context, ServiceState state, string? name)
    {
        var cancellationToken = context.RequestAborted;
        if (!state.IsReady || state.Runtime.Stores is not { } stores)
        {
            await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, "no configuration loaded yet, or serve keeps no history").ConfigureAwait(false);
            return;
        }

        var span = DefaultSpan;
        if (context.Request.Query["since"] is { Count: > 0 } since && !Duration.TryParse(since[0], out span))
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "since is not a duration such as 7d or 12h").ConfigureAwait(false);
            return;
        }

        var config = state.Config.Config;
        IReadOnlyList<CheckDefinition> checks = name is null
            ? [.. config.Checks.Where(c => c.Enabled)]
            : [.. config.Checks.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal))];
        if (name is not null && checks.Count == 0)
        {
            await PlainAsync(context, StatusCodes.Status404NotFound, "no check of that name in the running configuration").ConfigureAwait(false);
            return;
        }

        ReportModel model;
        try
        {
            model = await ReportBuilder.BuildAsync(config, checks, stores.History, state.Time.GetUtcNow(), span, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (stores.Explain(error) is { } failure)
        {
            await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, failure.Message).ConfigureAwait(false);
            return;
        }

        using var page = new StringWriter();
        HtmlReportWriter.Write(page, model);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = ReportAssets.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(page.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static Task PlainAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
