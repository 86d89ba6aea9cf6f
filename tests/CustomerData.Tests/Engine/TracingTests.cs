using System.Collections.Concurrent;
using System.Diagnostics;
using CustomerData.Checks;
using CustomerData.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CustomerData.Tests.Engine;

[TestClass]
public sealed class TracingTests
{
    [TestMethod]
    public async Task Run_EmitsARunSpan_AQuerySpanPerTable_AndACheckSpanPerCheck()
    {
        var spans = new ConcurrentQueue<Activity>();
        var marker = Guid.NewGuid().ToString("N");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Telemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var config = Configs.InMemory(
            ["CREATE TABLE t AS SELECT range AS id FROM range(5)"],
            $$"""[{ "name": "rows_{{marker}}", "type": "volume", "source": "mem", "table": "t", "critical": { "min": 10 } }]""");

        await Runs.RunAsync(config, new FakeTimeProvider(DateTimeOffset.UnixEpoch));

        var check = spans.Single(s => s.OperationName == "customer_data.check" && (string?)s.GetTagItem("check") == "rows_" + marker);
        var query = spans.Single(s => s.OperationName == "customer_data.query" && (string?)s.GetTagItem("checks") == "rows_" + marker);
        var run = spans.Single(s => s.SpanId == query.ParentSpanId);
        Assert.AreEqual("critical", check.GetTagItem("status"));
        Assert.AreEqual(5.0, check.GetTagItem("value"));
        Assert.AreEqual("mem", query.GetTagItem("source"));
        Assert.AreEqual("t", query.GetTagItem("table"));
        Assert.AreEqual("customer_data.run", run.OperationName);
        Assert.AreEqual(query.TraceId, check.TraceId);
    }
}
