using System.ComponentModel;
using System.Globalization;
using CustomerData.Checks.Loading;

namespace CustomerData.Checks.Definitions;

/// <summary>The prices plan --monthly applies to what the checks read.</summary>
public sealed record CostDefinition
{
    /// <summary>BigQuery on-demand compute, per TiB billed (cloud.google.com/bigquery/pricing, since July 2023).</summary>
    public const double DefaultBigQueryUsdPerTib = 6.25;

    /// <summary>DynamoDB on-demand, per million read request units (aws.amazon.com/dynamodb/pricing/on-demand, us-east-1, since November 2024).</summary>
    public const double DefaultDynamoDbUsdPerMillionReadUnits = 0.125;

    [Description("US dollars per TiB billed by BigQuery on-demand queries. Default: 6.25 (Google's on-demand price; the monthly free TiB is not deducted).")]
    public double BigqueryUsdPerTib { get; init; } = DefaultBigQueryUsdPerTib;

    [Description("US dollars per million DynamoDB read units (read request units of an on-demand table). Default: 0.125 (AWS's on-demand price in us-east-1).")]
    public double DynamodbUsdPerMillionReadUnits { get; init; } = DefaultDynamoDbUsdPerMillionReadUnits;

    /// <summary>A price is a finite amount, zero or more.</summary>
    public IEnumerable<ConfigProblem> Validate(string path)
    {
        foreach (var (name, price) in new[] { ("bigquery_usd_per_tib", BigqueryUsdPerTib), ("dynamodb_usd_per_million_read_units", DynamodbUsdPerMillionReadUnits) })
        {
            if (!(price >= 0) || double.IsInfinity(price))
            {
                yield return new ConfigProblem(
                    JsonPath.Property(path, name),
                    string.Create(CultureInfo.InvariantCulture, $"{name} is {price}"),
                    "give the price in US dollars, 0 or more, such as " + (name[0] == 'b' ? "6.25" : "0.125"));
            }
        }
    }
}
