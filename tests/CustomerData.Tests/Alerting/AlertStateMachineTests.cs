using CustomerData.Alerts.State;
using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Alerting;

[TestClass]
public sealed class AlertStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Feeds statuses every 15 minutes and returns what was decided at each step.</summary>
    private static List<NotificationKind?> Feed(AlertPolicy policy, params CheckStatus[] statuses)
    {
        var state = AlertState.Initial("c");
        var decisions = new List<NotificationKind?>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var transition = AlertStateMachine.Next(state, statuses[i], policy, T0.AddMinutes(15 * i));
            decisions.Add(transition.Notify);
            state = transition.Next;
        }

        return decisions;
    }

    private const CheckStatus Ok = CheckStatus.Ok;
    private const CheckStatus Warn = CheckStatus.Warning;
    private const CheckStatus Crit = CheckStatus.Critical;

    [TestMethod]
    public void FirstFailure_NotifiesOnce_ThenStaysQuietWithoutRenotify()
    {
        CollectionAssert.AreEqual(
            new NotificationKind?[] { null, NotificationKind.Failure, null, null, NotificationKind.Recovery },
            Feed(new AlertPolicy(1, null, false), Ok, Crit, Crit, Crit, Ok));
    }

    [TestMethod]
    public void AlertAfterTwo_IgnoresASingleFailure_AndItsRecovery()
    {
        CollectionAssert.AreEqual(
            new NotificationKind?[] { null, null, null, NotificationKind.Failure, null },
            Feed(new AlertPolicy(2, null, false), Crit, Ok, Crit, Crit, Crit));
    }

    [TestMethod]
    public void Reminder_ComesEveryRenotifyAfterWhileFailing()
    {
        // Failure at 00:00, reminders at 01:00 and 02:00 (every 4th run at 15 minutes).
        var decisions = Feed(new AlertPolicy(1, TimeSpan.FromHours(1), false), Crit, Crit, Crit, Crit, Crit, Crit, Crit, Crit, Crit);

        CollectionAssert.AreEqual(
            new NotificationKind?[] { NotificationKind.Failure, null, null, null, NotificationKind.Reminder, null, null, null, NotificationKind.Reminder },
            decisions);
    }

    [TestMethod]
    public void SeverityChange_Notifies_BothWays()
    {
        CollectionAssert.AreEqual(
            new NotificationKind?[] { NotificationKind.Failure, NotificationKind.Change, null, NotificationKind.Change, NotificationKind.Recovery },
            Feed(new AlertPolicy(1, null, false), Warn, Crit, Crit, Warn, Ok));
    }

    [TestMethod]
    public void Recovery_SaysHowLongItWasBroken()
    {
        var state = AlertState.Initial("c");
        foreach (var minutes in new[] { 0, 15, 30 })
        {
            state = AlertStateMachine.Next(state, Crit, new AlertPolicy(1, null, false), T0.AddMinutes(minutes)).Next;
        }

        var recovery = AlertStateMachine.Next(state, Ok, new AlertPolicy(1, null, false), T0.AddMinutes(45));

        Assert.AreEqual(NotificationKind.Recovery, recovery.Notify);
        Assert.AreEqual(TimeSpan.FromMinutes(45), recovery.BrokenFor);
        Assert.AreEqual(AlertState.Initial("c"), recovery.Next);
    }

    [TestMethod]
    public void Muted_StaysSilent_ThenTheOpenFailureIsSentOnceUnmuted()
    {
        var muted = new AlertPolicy(1, TimeSpan.FromHours(1), true);
        var state = AlertState.Initial("c");
        var first = AlertStateMachine.Next(state, Crit, muted, T0);
        var second = AlertStateMachine.Next(first.Next, Crit, muted, T0.AddMinutes(15));
        var unmuted = AlertStateMachine.Next(second.Next, Crit, muted with { Muted = false }, T0.AddMinutes(30));

        Assert.IsNull(first.Notify);
        Assert.IsNull(second.Notify);
        Assert.AreEqual(2, second.Next.ConsecutiveFailures);
        Assert.AreEqual(NotificationKind.Failure, unmuted.Notify);
        Assert.AreEqual(T0, unmuted.Next.FailingSince);
    }

    [TestMethod]
    public void Unknown_IsAFailureWithItsOwnSeverity()
    {
        CollectionAssert.AreEqual(
            new NotificationKind?[] { NotificationKind.Failure, NotificationKind.Change, NotificationKind.Recovery },
            Feed(new AlertPolicy(1, null, false), CheckStatus.Unknown, Crit, Ok));
    }
}
