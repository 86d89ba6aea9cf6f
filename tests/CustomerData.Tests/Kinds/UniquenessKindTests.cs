using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Kinds;

[TestClass]
public sealed class UniquenessKindTests
{
    private static readonly PaymentsTable Payments = new(3_000, seed: 5);

    private static Task<CheckResult> RunAsync(string check) => Payments.RunAsync(check);

    [TestMethod]
    public async Task OneColumn_IsOneMinusDistinctKeysOverRows_InTheFilteredWindow()
    {
        var since = PaymentsTable.Now.UtcDateTime.AddHours(-24);
        var rows = Payments.Rows.Where(r => r.Country == "FR" && r.CreatedAt >= since && r.CreatedAt < PaymentsTable.Now.UtcDateTime).ToList();
        var distinct = rows.Select(r => r.Id).Distinct().Count();

        var result = await RunAsync("""{ "name": "u", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["id"], "filter": "country = 'FR'", "time_column": "created_at", "window": "1d", "warn": { "max": 0 }, "critical": { "max": 0.5 } }""");

        Assert.AreEqual(1 - ((double)distinct / rows.Count), result.Value!.Value, 1e-12);
        Assert.IsGreaterThan(0, rows.Count - distinct, "the fixture repeats ids inside the window");
        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(
            $"id repeats: {rows.Count - distinct:#,0} duplicate rows ({distinct:#,0} distinct keys in {rows.Count:#,0} rows with a complete key) = "
            + $"{result.Value.Value:0.####} ({result.Value.Value * 100:0.##}%) in 2026-11-25 10:20 to 2026-11-26 10:20 (UTC) where country = 'FR'; warning above 0 (0%); critical above 0.5 (50%)",
            result.Message);
    }

    [TestMethod]
    public async Task SeveralColumns_LeaveOutKeysWithANullColumn()
    {
        var complete = Payments.Rows.Where(r => r.CustomerId is not null && r.Day is not null).ToList();
        var distinct = complete.Select(r => (r.CustomerId, r.Day)).Distinct().Count();

        var result = await RunAsync("""{ "name": "u", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["customer_id", "day"], "critical": { "max": 0.9 } }""");

        Assert.IsLessThan(Payments.Rows.Count, complete.Count, "the fixture has keys with a NULL column");
        Assert.AreEqual(1 - ((double)distinct / complete.Count), result.Value!.Value, 1e-12);
        StringAssert.StartsWith(result.Message, $"customer_id, day repeats: {complete.Count - distinct:#,0} duplicate rows ({distinct:#,0} distinct keys in {complete.Count:#,0} rows with a complete key)");
    }

    [TestMethod]
    public async Task Approximate_StatesDuckDbsErrorBound_AndStaysWithinIt()
    {
        var distinct = Payments.Rows.Select(r => r.Id).Distinct().Count();
        var truth = 1 - ((double)distinct / Payments.Rows.Count);

        var result = await RunAsync("""{ "name": "u", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["id"], "approximate": true, "critical": { "max": 0.5 } }""");

        // The bound is the estimate's relative error times estimated keys over rows, as the message says it.
        var estimate = long.Parse(Regex.Match(result.Message, @"\(([0-9,]+) distinct keys").Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        StringAssert.Contains(result.Message, $"; distinct keys estimated with HyperLogLog, within about ±15.67%, so the share is within about ±{0.1567 * estimate / Payments.Rows.Count:0.####}; critical above 0.5 (50%)");
        // Three standard errors of the distinct count, as a share of the rows.
        Assert.AreEqual(truth, result.Value!.Value, 3 * 0.1567 * distinct / Payments.Rows.Count);
    }

    [TestMethod]
    public async Task FewerCompleteKeysThanMinRows_IsUnknownWithTheCount()
    {
        var result = await RunAsync("""{ "name": "u", "type": "uniqueness", "source": "mem", "table": "shop.payments", "columns": ["customer_id"], "filter": "status = 'lost'", "min_rows": 10000, "critical": { "max": 0.5 } }""");

        var rows = Payments.Rows.Count(r => r.Status == "lost" && r.CustomerId is not null);
        Assert.AreEqual(CheckStatus.Unknown, result.Status);
        Assert.AreEqual($"only {rows} rows with a complete key (customer_id) where status = 'lost', fewer than min_rows 10,000: a ratio would mean little", result.Message);
    }
}
