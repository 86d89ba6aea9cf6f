using CustomerData.Alerts.Datadog;
using CustomerData.Checks.Definitions;

namespace CustomerData.Tests.Datadog;

[TestClass]
public sealed class ScheduleIntervalTests
{
    [TestMethod]
    [DataRow("0 */15 * * * ?", "UTC", "15m", DisplayName = "every 15 minutes")]
    [DataRow("0 0 * * * ?", "Europe/Paris", "1h", DisplayName = "hourly")]
    [DataRow("0 0 6 * * ?", "Europe/Paris", "1d", DisplayName = "06:00 daily")]
    [DataRow("0 0 6 ? * MON-FRI", "Europe/Paris", "3d", DisplayName = "weekdays only: Friday to Monday")]
    [DataRow("0 0 6 ? * MON-FRI", "America/New_York", "3d", DisplayName = "weekdays only, across a spring clock change")]
    [DataRow("0 */15 9-17 ? * MON-FRI", "UTC", "63h15m", DisplayName = "business hours: Friday 17:45 to Monday 09:00")]
    [DataRow("0 0 8,12 * * ?", "UTC", "20h", DisplayName = "twice a day, unevenly")]
    [DataRow("0 0 6 1 * ?", "UTC", "31d", DisplayName = "monthly: the longest month")]
    [DataRow("*/10 * * * * ?", "UTC", "10s", DisplayName = "every 10 seconds")]
    public void Longest_Schedule_IsTheLargestGapBetweenRuns(string cron, string zone, string expected)
    {
        var longest = ScheduleInterval.Longest(cron, TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.AreEqual(Duration.Parse(expected).Value, longest);
    }

    [TestMethod]
    public void Longest_ScheduleThatNoLongerFires_IsNull()
    {
        Assert.IsNull(ScheduleInterval.Longest("0 0 6 * * ? 2020", TimeZoneInfo.Utc));
    }
}
