using CustomerData.Checks.Definitions;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Cost;

/// <summary>defaults.cost: the prices plan --monthly applies, with their documented defaults and positioned errors.</summary>
[TestClass]
public sealed class PlanCostConfigTests
{
    [TestMethod]
    [DataRow("\"bigquery_usd_per_tib\": -1", "$.defaults.cost.bigquery_usd_per_tib", "bigquery_usd_per_tib is -1", "6.25", 27)]
    [DataRow("\"dynamodb_usd_per_million_read_units\": -0.5", "$.defaults.cost.dynamodb_usd_per_million_read_units", "dynamodb_usd_per_million_read_units is -0.5", "0.125", 27)]
    public void ANegativePrice_IsAnErrorAtItsField(string field, string path, string message, string example, int column)
    {
        var error = Configs.Load("{\n  \"defaults\": { \"cost\": { " + field + " } },\n  \"sources\": {},\n  \"checks\": []\n}").Errors.Single();

        Assert.AreEqual((path, message, 2, column), (error.Path, error.Message, error.Line, error.Column));
        Assert.AreEqual($"give the price in US dollars, 0 or more, such as {example}", error.Hint);
    }

    [TestMethod]
    public void Unset_TheDocumentedPricesApply_AndSetOnesAreRead()
    {
        var unset = Configs.Valid("{ \"sources\": {}, \"checks\": [] }").Defaults.Cost;
        var set = Configs.Valid("{ \"defaults\": { \"cost\": { \"bigquery_usd_per_tib\": 5, \"dynamodb_usd_per_million_read_units\": 0.25 } }, \"sources\": {}, \"checks\": [] }").Defaults.Cost;

        Assert.AreEqual((6.25, 0.125), (unset.BigqueryUsdPerTib, unset.DynamodbUsdPerMillionReadUnits));
        Assert.AreEqual((5.0, 0.25), (set.BigqueryUsdPerTib, set.DynamodbUsdPerMillionReadUnits));
        Assert.AreEqual(CostDefinition.DefaultBigQueryUsdPerTib, unset.BigqueryUsdPerTib);
    }
}
