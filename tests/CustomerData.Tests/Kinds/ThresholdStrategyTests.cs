using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;

namespace CustomerData.Tests.Kinds;

/// <summary>Static bounds as a strategy: the verdict at and past each limit, and the expected text it writes.</summary>
[TestClass]
public sealed class ThresholdStrategyTests
{
    [TestMethod]
    public void CountBounds_AreInclusive_CriticalWinsOverWarning()
    {
        var bounds = StaticBounds.Count(new Bounds { Min = 1000 }, new Bounds { Min = 10, Max = 5000 });

        Assert.AreEqual("warning below 1,000; critical below 10, critical above 5,000", bounds.Expected);
        Assert.AreEqual(CheckStatus.Critical, bounds.Judge(9));
        Assert.AreEqual(CheckStatus.Warning, bounds.Judge(10));
        Assert.AreEqual(CheckStatus.Warning, bounds.Judge(999));
        Assert.AreEqual(CheckStatus.Ok, bounds.Judge(1000));
        Assert.AreEqual(CheckStatus.Ok, bounds.Judge(5000));
        Assert.AreEqual(CheckStatus.Critical, bounds.Judge(5001));
    }

    [TestMethod]
    public void RatioAndAgeBounds_FireOnlyAboveTheirLimit()
    {
        var ratio = StaticBounds.Ratio(new RatioLimit { Max = 0.01 }, new RatioLimit { Max = 0.05 });
        var age = StaticBounds.Age(new Duration(TimeSpan.FromHours(2)), new Duration(TimeSpan.FromHours(6)));

        Assert.AreEqual("warning above 0.01 (1%); critical above 0.05 (5%)", ratio.Expected);
        Assert.AreEqual(CheckStatus.Ok, ratio.Judge(0.01));
        Assert.AreEqual(CheckStatus.Warning, ratio.Judge(0.0101));
        Assert.AreEqual(CheckStatus.Critical, ratio.Judge(0.0501));
        Assert.AreEqual("warning after 2h; critical after 6h", age.Expected);
        Assert.AreEqual(CheckStatus.Ok, age.Judge(7200));
        Assert.AreEqual(CheckStatus.Warning, age.Judge(7201));
        Assert.AreEqual(CheckStatus.Critical, age.Judge(21601));
    }

    [TestMethod]
    public void KindExpectedText_ComesFromItsStrategy_WithoutJudgingAnyValue()
    {
        var check = new VolumeCheckDefinition { Name = "v", Source = "s", Table = "t", Critical = new Bounds { Min = 1 } };

        Assert.AreEqual("critical below 1", new VolumeKind().Expected(check));
    }
}
