using System.Text.RegularExpressions;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Kinds;

[TestClass]
public sealed class ValidityKindTests
{
    private static readonly PaymentsTable Payments = new(3_000, seed: 9);

    private static Task<CheckResult> RunAsync(string check) => Payments.RunAsync(check);

    private static double Share<T>(IEnumerable<T?> values, Func<T, bool> valid)
    {
        var present = values.Where(v => v is not null).Select(v => v!).ToList();
        return (double)present.Count(v => !valid(v)) / present.Count;
    }

    [TestMethod]
    public async Task AcceptedValues_CountNonNullValuesOutsideTheList_InTheWindow()
    {
        var since = PaymentsTable.Now.UtcDateTime.AddHours(-12);
        var rows = Payments.Rows.Where(r => r.CreatedAt >= since && r.CreatedAt < PaymentsTable.Now.UtcDateTime).ToList();
        var present = rows.Count(r => r.Status is not null);
        var invalid = rows.Count(r => r.Status is not null and not ("paid" or "shipped" or "refunded"));

        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "shop.payments", "column": "status", "accepted_values": ["paid", "shipped", "refunded"], "time_column": "created_at", "window": "12h", "warn": { "max": 0.001 }, "critical": { "max": 0.5 } }""");

        Assert.AreEqual((double)invalid / present, result.Value!.Value, 1e-12);
        Assert.AreEqual(CheckStatus.Warning, result.Status);
        Assert.AreEqual(
            $"status breaks accepted_values ['paid', 'shipped', 'refunded'] in {invalid:#,0} of {present:#,0} non-NULL values = {result.Value.Value:0.####} ({result.Value.Value * 100:0.##}%) "
            + "in 2026-11-25 22:20 to 2026-11-26 10:20 (UTC); warning above 0.001 (0.1%); critical above 0.5 (50%)",
            result.Message);
    }

    [TestMethod]
    public async Task Range_IncludesBothBounds_AndCountsValuesOutside()
    {
        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "shop.payments", "column": "amount", "range": { "min": 0, "max": 10000 }, "critical": { "max": 0.01 } }""");

        Assert.AreEqual(Share(Payments.Rows.Select(r => r.Amount), a => a is >= 0 and <= 10_000), result.Value!.Value, 1e-12);
        Assert.AreEqual(CheckStatus.Critical, result.Status);
        StringAssert.StartsWith(result.Message, "amount breaks range 0 to 10,000 in ");
    }

    [TestMethod]
    public async Task Pattern_IsAnRe2Search_OverTheValuesText()
    {
        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "shop.payments", "column": "email", "pattern": "^[^@ ]+@[^@ ]+\\.[a-z]+$", "filter": "country = 'DE'", "critical": { "max": 0.5 } }""");

        var pattern = new Regex("^[^@ ]+@[^@ ]+\\.[a-z]+$");
        Assert.AreEqual(Share(Payments.Rows.Where(r => r.Country == "DE").Select(r => r.Email), pattern.IsMatch), result.Value!.Value, 1e-12);
        Assert.IsGreaterThan(0.0, result.Value.Value);
    }

    [TestMethod]
    public async Task Condition_HoldsOnlyWhenTrue_OverNonNullValues()
    {
        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "shop.payments", "column": "amount", "condition": "amount >= 0 OR status = 'refunded'", "critical": { "max": 0.5 } }""");

        // A NULL status makes "amount >= 0 OR status = 'refunded'" NULL for a negative amount: invalid.
        var present = Payments.Rows.Where(r => r.Amount is not null).ToList();
        var invalid = present.Count(r => !(r.Amount >= 0 || r.Status == "refunded"));
        Assert.AreEqual((double)invalid / present.Count, result.Value!.Value, 1e-12);
        StringAssert.StartsWith(result.Message, $"amount breaks condition amount >= 0 OR status = 'refunded' in {invalid} of {present.Count:#,0} non-NULL values");
    }

    [TestMethod]
    public async Task AcceptedNumbers_CompareAsNumbers()
    {
        var result = await RunAsync("""{ "name": "v", "type": "validity", "source": "mem", "table": "shop.payments", "column": "day", "accepted_values": [0, 1, 2, 3, 4, 5, 6], "critical": { "max": 0.99 } }""");

        Assert.AreEqual(Share(Payments.Rows.Select(r => r.Day), d => d is >= 0 and <= 6), result.Value!.Value, 1e-12);
    }
}
