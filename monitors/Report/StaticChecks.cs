namespace CustomerData.Monitors.Report;

/// <summary>
/// A small page's overview rows and sections (facts, no chart) as plain HTML, the same elements the page's script
/// builds: readable without script and by anything that reads the file as text. The script replaces them when it runs.
/// Larger pages leave them out, so they open fast (the script builds them from the data block).
/// </summary>
internal static class StaticChecks
{
    /// <summary>Checks a page carries as HTML too; the script builds as many before the load event.</summary>
    public const int Limit = 500;

    public static void WriteRows(TextWriter writer, IEnumerable<OwnerGroup> groups, ReportModel model)
    {
        foreach (var group in groups)
        {
            var owner = ReportText.Html(group.Owner);
            var count = group.Checks.Count;
            writer.Write($"<tbody data-group=\"{owner}\"><tr class=\"owner\"><th colspan=\"7\">{owner} <span class=\"meta\">{count} check{(count == 1 ? string.Empty : "s")}, ");
            writer.Write($"{group.Failing} failing</span></th></tr>\n");
            foreach (var check in group.Checks)
            {
                var name = ReportText.Html(check.Definition.Name);
                writer.Write("<tr");
                WriteData(writer, check);
                writer.Write($"><td>{Badge(check)}</td><td><a href=\"#check-{name}\">{name}</a></td><td>{ReportText.Html(check.Definition.Table)}</td>");
                writer.Write($"<td class=\"num\">{ReportText.Html(check.Last?.Observed ?? "-")}</td><td>{ReportText.Html(CheckBody.OverviewExpected(check))}</td>");
                writer.Write($"<td>{ReportText.Html(CheckBody.Since(check, model))}</td><td>{ReportText.Html(CheckBody.LastRun(check, model))}</td></tr>\n");
            }

            writer.Write("</tbody>\n");
        }
    }

    public static void WriteSections(TextWriter writer, IReadOnlyList<ReportCheck> ordered, IReadOnlyList<(string Facts, string Chart)> bodies)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            var name = ReportText.Html(ordered[i].Definition.Name);
            writer.Write($"<section class=\"check\" id=\"check-{name}\"");
            WriteData(writer, ordered[i]);
            writer.Write($"><h3>{Badge(ordered[i])} {name}</h3><div class=\"body\">{bodies[i].Facts}</div></section>\n");
        }
    }

    private static string Badge(ReportCheck check) =>
        $"<span class=\"badge {check.StatusKey}\">{HtmlReportWriter.StatusLabel(check.StatusKey).ToUpperInvariant()}</span>";

    private static void WriteData(TextWriter writer, ReportCheck check) =>
        writer.Write($" data-check=\"{ReportText.Html(check.Definition.Name)}\" data-owner=\"{ReportText.Html(check.Owner)}\" "
            + $"data-source=\"{ReportText.Html(check.Definition.Source)}\" data-status=\"{check.StatusKey}\"");
}
