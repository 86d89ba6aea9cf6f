using System.Globalization;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sources.BigQuery;

namespace CustomerData.Monitors.Cost;

/// <summary>
/// plan --monthly: each check's price a month, from the bytes BigQuery would bill and the read units DynamoDB would
/// consume per run, times its schedule's runs in an average month. A read serving several checks is divided evenly.
/// </summary>
internal sealed class MonthlyReport(CostDefinition prices)
{
    /// <summary>An average month: 365.25 days over 12.</summary>
    public const double DaysPerMonth = 365.25 / 12;

    private const double Tib = 1L << 40;
    private static readonly string[] Header = ["CHECK", "SOURCE", "RUNS A MONTH", "PER RUN", "A MONTH"];
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);

    /// <summary>Checks whose price is unknown (a dry run or DescribeTable failed): the total is then a lower bound.</summary>
    public int Unknown => _rows.Values.Count(r => r.Unknown);

    /// <summary>Adds one schedule's reads: its checks run <paramref name="runsPerDay"/> times a day.</summary>
    public void Add(double runsPerDay, IReadOnlyList<SliceCost> costs)
    {
        foreach (var cost in costs)
        {
            var names = cost.Slice.Checks.Select(c => c.Check.Name).ToList();
            foreach (var name in names)
            {
                var row = RowOf(name, runsPerDay * DaysPerMonth);
                row.Sources.Add(cost.Slice.Measurement.Source);
                row.Local &= cost.IsLocal;
                row.Unknown |= cost.Reads?.Error is not null;
            }

            foreach (var query in cost.Queries ?? [])
            {
                var sharing = query.Checks is { Count: > 0 } served ? served : names;
                foreach (var name in sharing)
                {
                    var row = RowOf(name, runsPerDay * DaysPerMonth);
                    row.BigQuery = true;
                    row.Unknown |= query.Error is not null;
                    row.Bytes += (query.BytesBilled ?? 0) / (double)sharing.Count;
                }
            }

            foreach (var part in cost.Reads?.Parts ?? [])
            {
                foreach (var name in part.Checks)
                {
                    var row = RowOf(name, runsPerDay * DaysPerMonth);
                    row.DynamoDb = true;
                    row.Units += part.ReadUnits / part.Checks.Count;
                }
            }
        }
    }

    public void Write(TextWriter output, IReadOnlyList<CheckDefinition> checks)
    {
        output.WriteLine(
            Text($"-- monthly cost: each check's runs in an average month ({DaysPerMonth:0.##} days) on its schedule; ")
            + $"BigQuery at {Money(prices.BigqueryUsdPerTib)} per TiB billed, "
            + $"DynamoDB at {Money(prices.DynamodbUsdPerMillionReadUnits)} per million read units (defaults.cost); "
            + "a read serving several checks is divided evenly among them; "
            + "failed-row and key samples (read only when a check fails) and BigQuery's free TiB a month are not counted");
        var table = new List<string[]> { Header };
        var total = 0.0;
        foreach (var check in checks)
        {
            var row = _rows.GetValueOrDefault(check.Name) ?? new Row(0) { Unknown = true };
            var month = row.Runs * ((row.Bytes / Tib * prices.BigqueryUsdPerTib) + (row.Units / 1e6 * prices.DynamodbUsdPerMillionReadUnits));
            total += row.Unknown ? 0 : month;
            table.Add([check.Name, string.Join(", ", row.Sources), Text($"{row.Runs:#,0.##}"), PerRun(row), row.Unknown ? "unknown" : Money(month)]);
        }

        table.Add(["TOTAL", string.Empty, string.Empty, string.Empty, (Unknown > 0 ? "at least " : string.Empty) + Money(total)]);
        var widths = Enumerable.Range(0, 5).Select(i => table.Max(r => r[i].Length)).ToArray();
        foreach (var cells in table)
        {
            output.WriteLine(string.Join("  ", cells.Select((cell, i) => i == 4 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        if (Unknown > 0)
        {
            output.WriteLine($"-- {Unknown} check{(Unknown == 1 ? " has" : "s have")} no price: a dry run or DescribeTable failed (see above)");
        }
    }

    private static string PerRun(Row row)
    {
        if (row.Unknown)
        {
            return "unknown";
        }

        var parts = new List<string>();
        if (row.BigQuery)
        {
            parts.Add($"{ByteSize.Describe((long)Math.Round(row.Bytes))} billed");
        }

        if (row.DynamoDb)
        {
            parts.Add(Text($"~{row.Units:#,0.#} read units"));
        }

        return parts.Count > 0 ? string.Join(" + ", parts) : row.Local ? "local" : "nothing billed";
    }

    private static string Money(double usd) => Text($"${usd:#,0.00##}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private Row RowOf(string name, double runs)
    {
        if (!_rows.TryGetValue(name, out var row))
        {
            _rows[name] = row = new Row(runs);
        }

        return row;
    }

    private sealed class Row(double runs)
    {
        public double Runs { get; } = runs;

        public SortedSet<string> Sources { get; } = new(StringComparer.Ordinal);

        public bool Local { get; set; } = true;

        public bool Unknown { get; set; }

        public bool BigQuery { get; set; }

        public bool DynamoDb { get; set; }

        public double Bytes { get; set; }

        public double Units { get; set; }
    }
}
