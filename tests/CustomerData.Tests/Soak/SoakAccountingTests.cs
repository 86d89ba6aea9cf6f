using CustomerData.Checks.Engine;

namespace CustomerData.Tests.Soak;

/// <summary>The soak's accounting on hand-made histories, outboxes and webhook logs: each counter moves for its cause only.</summary>
[TestClass]
public sealed class SoakAccountingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Oracle_FollowsAlertAfterRenotifyRecoveryAndDigests()
    {
        // a_volume (alert_after 1, renotify 10 s), a_nulls (alert_after 2) on schedule A, every 2 s.
        var history = new List<HistoryRow>();
        var (ok, warning, critical, unknown) = (CheckStatus.Ok, CheckStatus.Warning, CheckStatus.Critical, CheckStatus.Unknown);
        CheckStatus[] volume = [ok, critical, critical, critical, critical, critical, critical, warning, ok];
        CheckStatus[] nulls = [warning, ok, unknown, unknown, ok, ok, ok, ok, ok];
        for (var i = 0; i < volume.Length; i++)
        {
            history.Add(new HistoryRow("a_volume", volume[i], At(2 * i)));
            history.Add(new HistoryRow("a_nulls", nulls[i], At(2 * i)));
            history.Add(new HistoryRow("a_spike", i == 3 ? CheckStatus.Warning : CheckStatus.Ok, At(2 * i)));
        }

        var verdict = AlertOracle.Replay(history, [], []);

        CollectionAssert.AreEqual(
            new[]
            {
                "failure a_volume #soak-a @ 10:00:02.000",
                "failure a_nulls #soak-a @ 10:00:06.000",
                "failure a_spike #soak-a @ 10:00:06.000",
                "recovery a_nulls #soak-a @ 10:00:08.000",
                "recovery a_spike #soak-a @ 10:00:08.000",
                "reminder a_volume #soak-a @ 10:00:12.000",
                "change a_volume #soak-a @ 10:00:14.000",
                "recovery a_volume #soak-a @ 10:00:16.000",
            },
            verdict.Expected.Select(k => k.ToString()).ToArray());
        Assert.AreEqual(9, verdict.Runs);
    }

    [TestMethod]
    public void Oracle_ThreeMessagesOnOneChannelInOneRun_AreOneDigest()
    {
        HistoryRow[] history =
        [
            new("a_volume", CheckStatus.Critical, At(0)), new("a_spike", CheckStatus.Warning, At(0)), new("a_nulls", CheckStatus.Ok, At(0)),
            new("b_volume", CheckStatus.Critical, At(0)), new("b_filled", CheckStatus.Critical, At(0)), new("b_nulls", CheckStatus.Ok, At(0)),
        ];

        var verdict = AlertOracle.Replay(history, [], []);

        Assert.AreEqual(
            "failure a_volume #soak-a @ 10:00:00.000, failure a_spike #soak-a @ 10:00:00.000, "
            + "failure b_volume #soak-b @ 10:00:00.000, failure b_filled #soak-b @ 10:00:00.000",
            string.Join(", ", verdict.Expected));
        // At 4 s a_nulls fails a second time (alert_after 2), a_volume recovers, a_spike turns CRITICAL: three, so one digest.
        var digest = AlertOracle.Replay(
            [
                .. history,
                new("a_nulls", CheckStatus.Critical, At(2)), new("a_volume", CheckStatus.Critical, At(2)), new("a_spike", CheckStatus.Warning, At(2)),
                new("a_nulls", CheckStatus.Critical, At(4)), new("a_volume", CheckStatus.Ok, At(4)), new("a_spike", CheckStatus.Critical, At(4)),
            ],
            [],
            []);
        Assert.AreEqual("digest (digest) #soak-a @ 10:00:04.000", digest.Expected[^1].ToString());
        Assert.HasCount(5, digest.Expected);
    }

    [TestMethod]
    public void Oracle_ARunStoppedBeforeItsAlertStateWasSaved_IsLostAndNotReplayed()
    {
        HistoryRow[] history = [new("a_volume", CheckStatus.Critical, At(0)), new("a_volume", CheckStatus.Critical, At(2))];
        var killed = Life(1, At(-5), At(1), StopSignal.Kill);
        var next = Life(2, At(1.5), At(10), StopSignal.Term, completed: [At(2)]);

        var verdict = AlertOracle.Replay(history, [Row(1, "a_volume", "failure", At(2), "p")], [killed, next]);

        Assert.AreEqual("failure a_volume #soak-a @ 10:00:00.000", verdict.NeverAlerted.Single().ToString());
        Assert.AreEqual("failure a_volume #soak-a @ 10:00:02.000", verdict.Expected.Single().ToString(), "the next run announces it, as serve did");
        Assert.AreEqual(1, verdict.InterruptedRuns);
    }

    [TestMethod]
    public void Oracle_ReplaysInTheOrderServeAlerted_ACatchUpFireCompletingAfterLaterSlotsComesLast()
    {
        HistoryRow[] history = [new("a_volume", CheckStatus.Ok, At(0)), new("a_volume", CheckStatus.Critical, At(0.5)), new("a_volume", CheckStatus.Ok, At(2))];
        var life = Life(1, At(-3), At(10), StopSignal.Term, completed: [At(0), At(0.5), At(2)]);
        life = life with { Completed = life.Completed.ToDictionary(c => c.Key, c => c.Key.Fire == At(0.5) ? At(3) : c.Value) };

        var verdict = AlertOracle.Replay(history, [], [life]);

        Assert.AreEqual("failure a_volume #soak-a @ 10:00:00.500", string.Join(", ", verdict.Expected));
    }

    [TestMethod]
    public void Delivery_CountsLostAmbiguousAndOtherDuplicates_EachForItsCause()
    {
        var oracle = new OracleVerdict(
            [
                Key("a_volume", "failure", 0), Key("a_nulls", "failure", 0), Key("a_spike", "failure", 0),
                Key("a_volume", "recovery", 2), Key("a_spike", "recovery", 2),
            ],
            [],
            2,
            0);
        OutboxRow[] outbox =
        [
            Row(1, "a_volume", "failure", At(0), "shown once"),
            Row(2, "a_nulls", "failure", At(0), "cut then shown"),
            Row(3, "a_spike", "failure", At(0), "shown twice") ,
            Row(4, "a_volume", "recovery", At(2), "dropped") with
            {
                DroppedAt = At(9), Attempts = 10, LastError = "gave up after 10 attempts: HTTP 429",
            },
        ];
        WebhookRequest[] requests =
        [
            Post(1, "shown once", WebhookAnswer.Ok),
            Post(1.1, "cut then shown", WebhookAnswer.CutAfterReading), Post(2, "cut then shown", WebhookAnswer.Ok),
            Post(2.1, "cut then shown", WebhookAnswer.ServerError),
            Post(3, "shown twice", WebhookAnswer.Ok), Post(3.01, "shown twice", WebhookAnswer.Ok),
            Post(4, "dropped", WebhookAnswer.RateLimited), Post(5, "dropped", WebhookAnswer.CutBeforeReading),
            Post(6, "no such message", WebhookAnswer.Ok),
        ];

        var verdict = DeliveryAccounting.Match(oracle, outbox, requests, [Life(1, At(-5), At(20), StopSignal.Term)]);

        Assert.HasCount(2, verdict.Lost);
        StringAssert.Contains(verdict.Lost[0], "recovery a_spike #soak-a @ 10:00:02.000: due from the recorded results, never enqueued");
        StringAssert.Contains(verdict.Lost[1], "dropped after 10 attempts: gave up after 10 attempts: HTTP 429");
        StringAssert.Contains(verdict.DuplicatedAfterAmbiguous.Single(), "failure a_nulls");
        StringAssert.Contains(
            verdict.DuplicatedOtherwise.Single(),
            "failure a_spike #soak-a @ 10:00:00.000 (outbox #3): shown 2x for 1 enqueued, serve #1 posted it again 10 ms after Slack's answer");
        Assert.IsEmpty(verdict.Unexpected);
        Assert.HasCount(1, verdict.UnknownPosts);
    }

    [TestMethod]
    public void Delivery_A200AnsweredWhileSigkillTookTheSenderDown_IsAmbiguous_ButNotAfterSigterm()
    {
        var oracle = new OracleVerdict([Key("a_volume", "failure", 0)], [], 1, 0);
        OutboxRow[] outbox = [Row(1, "a_volume", "failure", At(0), "m")];
        WebhookRequest[] requests = [Post(1, "m", WebhookAnswer.Ok), Post(4, "m", WebhookAnswer.Ok)];

        var restarted = Life(2, At(2), At(9), StopSignal.Term);
        var killed = DeliveryAccounting.Match(oracle, outbox, requests, [Life(1, At(-5), At(1.2), StopSignal.Kill, signalled: At(0.5)), restarted]);
        var termed = DeliveryAccounting.Match(oracle, outbox, requests, [Life(1, At(-5), At(1.2), StopSignal.Term, signalled: At(0.5)), restarted]);

        Assert.HasCount(1, killed.DuplicatedAfterAmbiguous);
        Assert.IsEmpty(killed.DuplicatedOtherwise);
        StringAssert.Contains(
            termed.DuplicatedOtherwise.Single(), "serve #1 got Slack's answer and exited 200 ms later (Term, exit 0) without marking it sent");
    }

    [TestMethod]
    public void Slots_MissingDoubledAndFolded_AreToldApart()
    {
        // Schedule B (every 3 s) registered at 09:59:59, SIGTERM at 10:00:30: slots 10:00:00 to 10:00:27 are owed.
        double[] fires = [0, 3, 12, 19.5, 24, 24.01, 27];
        var life = Life(1, At(-3), At(31), StopSignal.Term, signalled: At(30), registered: At(-1), completed: [.. fires.Select(At)]);
        life = life with
        {
            ScheduledAt = new Dictionary<string, DateTimeOffset> { [SoakCheck.ScheduleB] = At(-1) },
            Completed = life.Completed.ToDictionary(c => c.Key, c => c.Key.Fire == At(3) ? At(8) : c.Value),
        };
        var checks = SoakCheck.All.Where(c => c.Schedule == SoakCheck.ScheduleB).ToList();
        var history = fires.SelectMany(f => checks.Select(c => new HistoryRow(c.Name, CheckStatus.Ok, At(f)))).ToList();

        var verdict = SlotAccounting.Count(history, [life], At(-10), At(40));

        // 6 passed while the fire of 3 ran until 8, 15 folded into the late fire 19.5 (slot 18); 9 and 21 missing; 24 doubled.
        Assert.AreEqual(3 * 10, verdict.Owed);
        Assert.AreEqual(3 * 2, verdict.FoldedWhileBusy);
        CollectionAssert.AreEquivalent(new[] { "b_volume 09", "b_nulls 09", "b_filled 09", "b_volume 21", "b_nulls 21", "b_filled 21" },
            verdict.Missing.Select(m => m.Split(' ')[0] + " " + m.Split(' ')[2][6..8]).ToArray());
        Assert.HasCount(3, verdict.Doubled);
        StringAssert.Contains(verdict.Doubled[0], "slot 10:00:24: recorded 2x (10:00:24.000, 10:00:24.010)");
        Assert.AreEqual(2, verdict.OffSlotRuns);
    }

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static MessageKey Key(string check, string kind, double at) => new(SoakCheck.ChannelA, check, kind, At(at));

    private static OutboxRow Row(long id, string check, string kind, DateTimeOffset at, string payload) =>
        new(id, SoakCheck.ChannelA, check, kind, payload, at, 1, null, at, null);

    private static WebhookRequest Post(double at, string body, WebhookAnswer answer) => new(At(at), SoakCheck.ChannelA, body, answer);

    private static ProcessLife Life(int number, DateTimeOffset started, DateTimeOffset ended, StopSignal signal, DateTimeOffset? signalled = null,
        DateTimeOffset? registered = null, DateTimeOffset[]? completed = null) =>
        new(number, started, SoakCheck.Schedules.ToDictionary(s => s, _ => registered ?? started),
            (completed ?? []).SelectMany(f => SoakCheck.Schedules.Select(s => (s, f))).ToDictionary(k => k, k => k.f.AddMilliseconds(100)),
            signalled ?? ended.AddMilliseconds(-100), signal, false, ended, signal == StopSignal.Kill ? 137 : 0);
}
