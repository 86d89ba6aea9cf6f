namespace CustomerData.Tests.Soak;

/// <summary>
/// Drives one soak: serve as a real process on the soak warehouse, under the scripted Slack webhook, with random
/// edits of checks.json and SIGTERM or SIGKILL restarts until the chaos phase ends; then the final phase (valid
/// checks.json, calm data, Slack answering 200) until a clean run of every schedule completed and the outbox is
/// empty; then SIGTERM. Returns what it saw; the accounting is separate.
/// </summary>
internal sealed class SoakRun(SoakSettings settings, TimeProvider time)
{
    private readonly Random _random = new(settings.Seed);
    private readonly List<ServeProcess> _processes = [];
    private string _directory = "";
    private Dictionary<string, string> _environment = [];
    private ConfigEdits? _edits;
    private int _rewrites;

    public async Task<SoakObservations> RunAsync(TextWriter progress)
    {
        _directory = Directory.CreateTempSubdirectory("customerdata-soak-").FullName;
        var started = time.GetUtcNow();
        var chaosEnd = started + settings.Chaos;
        var dataUntil = chaosEnd + settings.FinalLimit + TimeSpan.FromMinutes(2);
        await SoakWarehouse.WriteAsync(_directory, new Random(_random.Next()), started - TimeSpan.FromSeconds(10), chaosEnd, dataUntil);
        _edits = new ConfigEdits(Path.Combine(_directory, "checks.json"), new Random(_random.Next()));
        _edits.Restore();
        await using var slack = new ScriptedSlackServer(_random.Next(), WebhookFaults.Chaos, time);
        _environment = SoakCheck.Channels.ToDictionary(SoakCheck.WebhookVariable, c => slack.UrlFor(c).ToString());
        _environment["DOTNET_NOLOGO"] = "1";
        try
        {
            var current = await StartAsync();
            var nextRestart = time.GetUtcNow() + Between(settings.RestartEvery);
            var nextEdit = time.GetUtcNow() + Between(settings.EditEvery);
            while (time.GetUtcNow() < chaosEnd)
            {
                var wake = new[] { nextRestart, nextEdit, chaosEnd }.Min();
                if (wake > time.GetUtcNow())
                {
                    await Task.Delay(wake - time.GetUtcNow(), time);
                }

                if (current.Exited && current.Signal == StopSignal.None)
                {
                    progress.WriteLine($"serve #{current.Number} exited by itself with {current.ExitCode}: restarting");
                    current = await StartAsync();
                }

                if (time.GetUtcNow() >= nextEdit)
                {
                    progress.WriteLine($"{Elapsed(started)} edit checks.json: {_edits.Apply()}");
                    nextEdit = time.GetUtcNow() + Between(settings.EditEvery);
                }

                if (time.GetUtcNow() >= nextRestart && chaosEnd - time.GetUtcNow() > TimeSpan.FromSeconds(8))
                {
                    var signal = _random.Next(2) == 0 ? StopSignal.Term : StopSignal.Kill;
                    await current.StopAsync(signal, settings.StopLimit);
                    var took = (current.ExitedAt - current.SignalledAt)?.TotalSeconds;
                    progress.WriteLine($"{Elapsed(started)} {signal} serve #{current.Number}: exit {current.ExitCode} after {took:0.0} s{Notes(current)}");
                    await RestartPauseAsync(chaosEnd, dataUntil);
                    current = await StartAsync();
                    nextRestart = time.GetUtcNow() + Between(settings.RestartEvery);
                }
            }

            progress.WriteLine($"{Elapsed(started)} final phase: checks.json valid, data calm, Slack answers 200");
            slack.Script(WebhookFaults.None);
            _edits.Restore();
            var (drained, last) = await FinalDeliveryAsync(current, chaosEnd);
            await last.StopAsync(StopSignal.Term, settings.StopLimit);
            progress.WriteLine($"{Elapsed(started)} final SIGTERM: exit {last.ExitCode}; outbox drained: {drained}{Notes(last)}");
            var ended = time.GetUtcNow();
            var state = Path.Combine(_directory, "data", "state.db");
            return new SoakObservations(
                settings, _directory, started, chaosEnd, ended, [.. _processes.Select(p => ProcessLife.From(p, ended))],
                await SoakStateDb.HistoryAsync(state), await SoakStateDb.OutboxAsync(state), slack.Requests, _edits.Counts, _rewrites, slack.Storms, drained);
        }
        finally
        {
            foreach (var process in _processes)
            {
                process.Dispose();
                var log = Path.Combine(_directory, $"serve-{process.Number}.log");
                await File.WriteAllLinesAsync(log, process.Lines().Select(l => $"{l.At:O} {l.Line}"));
            }
        }
    }

    /// <summary>Waits (bounded) for a clean run of every schedule on calm data, completed, and an empty outbox.</summary>
    private async Task<(bool Drained, ServeProcess Last)> FinalDeliveryAsync(ServeProcess current, DateTimeOffset chaosEnd)
    {
        var deadline = time.GetUtcNow() + settings.FinalLimit;
        var calm = new[] { time.GetUtcNow(), chaosEnd }.Max() + TimeSpan.FromSeconds(4);
        var state = Path.Combine(_directory, "data", "state.db");
        while (time.GetUtcNow() < deadline)
        {
            if (current.Exited)
            {
                current = await StartAsync();
            }

            var life = ProcessLife.From(current, time.GetUtcNow());
            var clean = SoakCheck.Schedules.All(s => life.Completed.Keys.Any(k => k.Schedule == s && k.Fire >= calm));
            if (clean && await SoakStateDb.PendingAsync(state) == 0)
            {
                return (true, current);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time);
        }

        return (false, current);
    }

    /// <summary>While no serve runs: sometimes the warehouse is rewritten with a new draw, then a pause of up to 1.5 s.</summary>
    private async Task RestartPauseAsync(DateTimeOffset chaosEnd, DateTimeOffset dataUntil)
    {
        if (_random.Next(2) == 0)
        {
            var from = time.GetUtcNow() - TimeSpan.FromSeconds(10);
            await SoakWarehouse.WriteAsync(_directory, new Random(_random.Next()), from, chaosEnd, dataUntil);
            _rewrites++;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(1500)), time);
    }

    /// <summary>Starts serve and waits until it scheduled its jobs; a start refused on a broken checks.json is repaired and retried.</summary>
    private async Task<ServeProcess> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var (config, data) = (Path.Combine(_directory, "checks.json"), Path.Combine(_directory, "data"));
            // Process.Start blocks its thread: bounded, so a start the test host cannot complete fails with its cause.
            var number = _processes.Count + 1;
            var process = await Task.Run(() => ServeProcess.Start(number, config, data, _environment, time))
                .WaitAsync(TimeSpan.FromSeconds(60), time);
            lock (_processes)
            {
                _processes.Add(process);
            }

            var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
            while (!process.Exited && time.GetUtcNow() < deadline
                && ProcessLife.From(process, time.GetUtcNow()).ScheduledAt.Count < SoakCheck.Schedules.Count)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time);
            }

            if (!process.Exited)
            {
                return process;
            }

            if (attempt == 5)
            {
                var output = string.Join("\n", process.Lines().TakeLast(20).Select(l => l.Line));
                throw new InvalidOperationException($"serve would not start:\n{output}");
            }

            // Exit 2: checks.json was broken at start (an edit), so the operator fixes it and starts again.
            _edits!.Repair();
        }
    }

    /// <summary>Each serve process not known to have exited, as /proc shows it, with its last lines: what a hang looks like.</summary>
    public string DescribeRunning()
    {
        lock (_processes)
        {
            var running = _processes.Where(p => !p.Exited).Select(p => p.Describe()).ToList();
            return running.Count == 0 ? "no serve process is running" : string.Join("\n", running);
        }
    }

    /// <summary>What went wrong with a stop, for the timeline: it outlasted its limit, or only /proc saw the exit.</summary>
    private static string Notes(ServeProcess process) =>
        (process.Stuck is { } stuck ? $"\n    {stuck}" : "")
        + (process.ExitSeenByProcOnly ? $"\n    the exit was seen in /proc, not reported by .NET within 1 s: {process.Describe()}" : "");

    private TimeSpan Between((double Min, double Max) seconds) =>
        TimeSpan.FromSeconds(seconds.Min + (_random.NextDouble() * (seconds.Max - seconds.Min)));

    private string Elapsed(DateTimeOffset started) => $"[{(time.GetUtcNow() - started).TotalSeconds,6:0.0} s]";
}
