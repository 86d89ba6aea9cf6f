using CustomerData.Monitors.Service;

namespace CustomerData.Tests.Service;

/// <summary>One schedule slot runs once per process: a start-up catch-up and the cron trigger firing the same slot.</summary>
[TestClass]
public sealed class SlotClaimTests
{
    private static readonly DateTimeOffset Slot = new(2026, 12, 1, 10, 45, 0, TimeSpan.Zero);

    private static ServiceState State() => new(null!, TimeProvider.System);

    [TestMethod]
    public void TheSameSlotTwice_RunsOnce()
    {
        var state = State();

        Assert.IsTrue(state.ClaimSlot("every_15m", Slot, recovering: false));
        Assert.IsFalse(state.ClaimSlot("every_15m", Slot, recovering: false));
        Assert.IsFalse(state.ClaimSlot("every_15m", Slot, recovering: true), "a recovery of a slot this process ran is a repeat too");
    }

    [TestMethod]
    public void AnOlderSlotAfterANewerOne_IsSkipped_UnlessItRecoversADeadNodesFire()
    {
        var state = State();
        Assert.IsTrue(state.ClaimSlot("every_15m", Slot, recovering: false));

        Assert.IsFalse(state.ClaimSlot("every_15m", Slot.AddMinutes(-15), recovering: false), "an older measurement applied last would undo a newer one");
        Assert.IsTrue(state.ClaimSlot("every_15m", Slot.AddMinutes(-30), recovering: true), "a dead node's slot nobody here ran");
        Assert.IsTrue(state.ClaimSlot("every_15m", Slot.AddMinutes(15), recovering: false));
        Assert.IsTrue(state.ClaimSlot("hourly", Slot, recovering: false), "schedules are claimed apart");
    }
}
