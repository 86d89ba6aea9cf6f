using System.Text.Json;
using CustomerData.Checks.Sources.BigQuery.Client;

namespace CustomerData.Tests.BigQuery;

[TestClass]
public sealed class CellDecoderTests
{
    private static readonly SchemaField[] Schema =
    [
        new("n", "INT64", "NULLABLE", []), new("f", "FLOAT64", null, []), new("d", "NUMERIC", null, []),
        new("b", "BOOL", null, []), new("t", "TIMESTAMP", null, []), new("s", "STRING", null, []),
    ];

    [TestMethod]
    public void DecodeRow_EveryScalarTypeAndNull()
    {
        var row = JsonDocument.Parse("""{"f":[{"v":"-42"},{"v":"2.5E-3"},{"v":"123.4500"},{"v":"true"},{"v":"1767940533372000"},{"v":null}]}""").RootElement;

        var values = CellDecoder.DecodeRow(row, Schema, int64Timestamps: true);

        Assert.AreEqual(-42L, values[0]);
        Assert.AreEqual(0.0025, values[1]);
        Assert.AreEqual(123.45m, values[2]);
        Assert.AreEqual(true, values[3]);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeMilliseconds(1_767_940_533_372), values[4]);
        Assert.IsNull(values[5]);
    }

    [TestMethod]
    [DataRow("1.767940533372E9", true, 1_767_940_533_372_000L)]
    [DataRow("1.767940533372E9", false, 1_767_940_533_372_000L)]
    [DataRow("1767940533.372001", false, 1_767_940_533_372_001L)]
    [DataRow("1767940533", false, 1_767_940_533_000_000L)]
    [DataRow("1767940533372001", true, 1_767_940_533_372_001L)]
    [DataRow("-1.5E0", false, -1_500_000L)]
    public void TimestampMicros_FloatSecondsInAnyFormOrInt64Micros(string text, bool asked, long micros)
    {
        Assert.AreEqual(micros, CellDecoder.TimestampMicros(text, asked));
    }

    [TestMethod]
    public void ToMeasure_TimestampsBecomeEpochMicros_NumbersWholeNumbers()
    {
        Assert.AreEqual(1_767_940_533_372_000L, CellDecoder.ToMeasure(DateTimeOffset.FromUnixTimeMilliseconds(1_767_940_533_372)));
        Assert.AreEqual(3L, CellDecoder.ToMeasure(2.6));
        Assert.AreEqual(7L, CellDecoder.ToMeasure(7.0m));
        Assert.AreEqual(1L, CellDecoder.ToMeasure(true));
        Assert.IsNull(CellDecoder.ToMeasure(null));
    }
}
