using System.Globalization;
using System.Text;

namespace CustomerData.Tests.Soak;

/// <summary>
/// Writes the soak's checks.json. A valid variant changes only what the alert policy never reads (descriptions,
/// check order, indentation, an extra disabled check), so the oracle replays one policy for the whole soak.
/// </summary>
internal static class SoakConfigFile
{
    public static string Canonical() => Render(0, SoakCheck.All, indent: 2, disabledExtra: false);

    public static string Variant(Random random)
    {
        var order = SoakCheck.All.OrderBy(_ => random.Next()).ToList();
        return Render(random.Next(1, 1_000_000), order, indent: random.Next(0, 5), disabledExtra: random.Next(2) == 0);
    }

    private static string Render(int revision, IReadOnlyList<SoakCheck> checks, int indent, bool disabledExtra)
    {
        var pad = new string(' ', indent);
        var lines = checks.Select(c => string.Create(CultureInfo.InvariantCulture,
            $$"""{{pad}}{{pad}}{ "name": "{{c.Name}}", "description": "soak revision {{revision}}", "source": "wh", "table": "events", "time_column": "ts",{{(c.Schedule == SoakCheck.ScheduleA ? "" : $" \"schedule\": \"{c.Schedule}\",")}}{{(c.Channel == SoakCheck.ChannelA ? "" : $" \"notify\": {{ \"slack\": \"{c.Channel}\" }},")}}{{c.Body.TrimEnd()}} }""")).ToList();
        if (disabledExtra)
        {
            lines.Add($$"""{{pad}}{{pad}}{ "name": "z_disabled", "enabled": false, "type": "volume", "source": "wh", "table": "events", "critical": { "min": 1 } }""");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            {
            {{pad}}"defaults": { "schedule": "{{SoakCheck.ScheduleA}}", "timezone": "UTC", "owner": "soak-team", "notify": { "slack": "{{SoakCheck.ChannelA}}" }, "renotify_after": "10s", "alert_after": 1, "timeout": "20s" },
            {{pad}}"scheduler": { "shutdown_grace": "5s" },
            {{pad}}"sources": { "wh": { "type": "duckdb", "path": "warehouse.duckdb" } },
            {{pad}}"notifications": { "slack": { "webhooks": { "{{SoakCheck.ChannelA}}": "{{SoakCheck.WebhookVariable(SoakCheck.ChannelA)}}", "{{SoakCheck.ChannelB}}": "{{SoakCheck.WebhookVariable(SoakCheck.ChannelB)}}" }, "digest_after": {{SoakCheck.DigestAfter}} } },
            {{pad}}"checks": [

            """);
        text.Append(string.Join(",\n", lines));
        text.Append(CultureInfo.InvariantCulture, $"\n{pad}]\n}}\n");
        return text.ToString();
    }
}
