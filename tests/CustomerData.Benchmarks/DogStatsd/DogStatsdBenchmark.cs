using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CustomerData.Benchmarks.Report;
using CustomerData.Benchmarks.Support;
using Measurement = CustomerData.Benchmarks.Report.Measurement;

namespace CustomerData.Benchmarks.DogStatsd;

/// <summary>
/// Item 4: metric calls per second on one thread and bytes allocated per call. BenchmarkDotNet measures one
/// call (in-process, short run, MemoryDiagnoser); a Stopwatch harness then measures calls in bursts the queue
/// holds (nothing dropped) and a sustained stream (what the sender loop gets out and what it drops).
/// </summary>
internal sealed class DogStatsdBenchmark : IBenchmarkItem
{
    private const int Iterations = 10;
    private const int BurstSets = 5;
    private const int BurstsPerSet = 40;
    private const int BurstSize = 5_000;
    private static readonly TimeSpan Sustained = TimeSpan.FromSeconds(2);

    public int Number => 4;

    public string Title => "DogStatsD client";

    public async Task<ItemResult> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        context.Say($"BenchmarkDotNet: one call of each variant (in-process, ShortRun with {Iterations} iterations, MemoryDiagnoser)");
        using var artifacts = new TemporaryDirectory("customerdata-bench-bdn-");
        var summary = BenchmarkRunner.Run<DogStatsdCalls>(ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithIterationCount(Iterations).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(artifacts.Path));
        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => r.ResultStatistics is null))
        {
            throw new InvalidOperationException("BenchmarkDotNet did not produce results: " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        var gaugeDrops = DogStatsdCalls.LastGauge;
        context.Say("Stopwatch: bursts the queue holds, then a sustained stream");
        var bursts = await BurstsAsync(cancellationToken).ConfigureAwait(false);
        var sustained = await SustainedAsync(cancellationToken).ConfigureAwait(false);
        var interpolated = Loop(i => Datagrams.Interpolated(i * 0.5).Length);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        using var agent = new LoopbackAgent();
        udp.Connect(new IPEndPoint(IPAddress.Loopback, agent.Port));
        var rawSend = Loop(i =>
        {
            var bytes = Encoding.UTF8.GetBytes(Datagrams.Interpolated(i * 0.5));
            return udp.Send(bytes, bytes.Length);
        });
        return Report(summary, gaugeDrops, bursts, sustained, interpolated, rawSend);
    }

    /// <summary>
    /// Calls in bursts of half the queue, flushed between bursts (not timed), so every call is queued and none
    /// dropped; in sets, so the report can give the spread between sets as well as their median.
    /// </summary>
    private static async Task<Bursts> BurstsAsync(CancellationToken cancellationToken)
    {
        using var agent = new LoopbackAgent();
        using var statsd = Datagrams.Client(agent.Port);
        for (var i = 0; i < 4 * BurstSize; i++)
        {
            statsd.Gauge(Datagrams.Metric, i * 0.5, tags: Datagrams.Tags);
        }

        await statsd.FlushAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var droppedBefore = statsd.DroppedDatagrams;
        var receivedBefore = agent.Datagrams;
        var rates = new List<double>();
        long bytes = 0;
        for (var set = 0; set < BurstSets; set++)
        {
            long ticks = 0;
            for (var burst = 0; burst < BurstsPerSet; burst++)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; i < BurstSize; i++)
                {
                    statsd.Gauge(Datagrams.Metric, i * 0.5, tags: Datagrams.Tags);
                }

                ticks += Stopwatch.GetTimestamp() - started;
                bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
                await statsd.FlushAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            }

            rates.Add((double)BurstsPerSet * BurstSize * Stopwatch.Frequency / ticks);
        }

        await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        const long calls = (long)BurstSets * BurstsPerSet * BurstSize;
        return new Bursts(rates, calls, (double)bytes / calls, statsd.DroppedDatagrams - droppedBefore, agent.Datagrams - receivedBefore);
    }

    /// <summary>Calls as fast as one thread makes them for a while: the queue fills, and what the sender cannot take is dropped and counted.</summary>
    private static async Task<Rate> SustainedAsync(CancellationToken cancellationToken)
    {
        using var agent = new LoopbackAgent();
        using var statsd = Datagrams.Client(agent.Port);
        var deadline = Stopwatch.GetTimestamp() + (long)(Sustained.TotalSeconds * Stopwatch.Frequency);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        long calls = 0;
        while ((calls & 1023) != 0 || Stopwatch.GetTimestamp() < deadline)
        {
            statsd.Gauge(Datagrams.Metric, calls * 0.5, tags: Datagrams.Tags);
            calls++;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        await statsd.FlushAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        return new Rate(calls, seconds, (double)bytes / calls, statsd.DroppedDatagrams, agent.Datagrams);
    }

    private static Rate Loop(Func<long, int> call)
    {
        const long calls = 500_000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        var sink = 0L;
        for (long i = 0; i < calls; i++)
        {
            sink += call(i);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.KeepAlive(sink);
        return new Rate(calls, seconds, (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / calls, 0, 0);
    }

    private static ItemResult Report(Summary summary, (long Calls, long Dropped) gaugeDrops, Bursts bursts, Rate sustained, Rate interpolated, Rate rawSend)
    {
        BenchmarkReport Case(string method) => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        double PerSecond(string method) => 1e9 / Case(method).ResultStatistics!.Mean;
        string Bytes(string method) => Case(method).GcStats.GetBytesAllocatedPerOperation(Case(method).BenchmarkCase) is { } b ? $"{b:N0} B" : "n/a";
        string Nanoseconds(string method) => $"{Stats.Number(Case(method).ResultStatistics!.Mean, 1)} ns";

        string Interval(string method)
        {
            var interval = Case(method).ResultStatistics!.ConfidenceInterval;
            return $"{Stats.Count(1e9 / interval.Upper)}–{Stats.Count(1e9 / interval.Lower)}/s";
        }

        var gauge = PerSecond(nameof(DogStatsdCalls.Gauge));
        var baselines = $"{Stats.Count(PerSecond(nameof(DogStatsdCalls.Interpolated)))}/s (interpolated string only); {Stats.Count(PerSecond(nameof(DogStatsdCalls.UdpClientSend)))}/s (UdpClient.Send per metric)";
        Measurement[] rows =
        [
            new("metric calls per second, one thread (BenchmarkDotNet mean; 99.9% confidence interval)", $"{Stats.Count(gauge)}/s ({Interval(nameof(DogStatsdCalls.Gauge))})", baselines, "≥ 1,000,000/s", gauge >= 1_000_000),
            new("time per call (BenchmarkDotNet mean)", Nanoseconds(nameof(DogStatsdCalls.Gauge)), $"{Nanoseconds(nameof(DogStatsdCalls.Interpolated))}; {Nanoseconds(nameof(DogStatsdCalls.UdpClientSend))}"),
            new("bytes allocated per call (MemoryDiagnoser)", Bytes(nameof(DogStatsdCalls.Gauge)), $"{Bytes(nameof(DogStatsdCalls.Interpolated))}; {Bytes(nameof(DogStatsdCalls.UdpClientSend))}"),
            new("of which formatting the datagram (DatagramSerializer.Metric alone)", $"{Nanoseconds(nameof(DogStatsdCalls.Serialize))}, {Bytes(nameof(DogStatsdCalls.Serialize))}", $"{Nanoseconds(nameof(DogStatsdCalls.Interpolated))}, {Bytes(nameof(DogStatsdCalls.Interpolated))} (interpolated string)"),
            new($"calls per second in bursts the queue holds, none dropped (median of {BurstSets} sets of {BurstsPerSet} × {BurstSize:N0}; range)", $"{Stats.Count(bursts.Median)}/s ({Stats.Count(bursts.Rates.Min())}–{Stats.Count(bursts.Rates.Max())})", $"{Stats.Count(interpolated.PerSecond)}/s; {Stats.Count(rawSend.PerSecond)}/s (Stopwatch, {500_000:N0} calls)", "≥ 1,000,000/s", bursts.Median >= 1_000_000 && bursts.Dropped == 0),
            new("bytes allocated per call in bursts (GC.GetAllocatedBytesForCurrentThread)", $"{Stats.Count(bursts.BytesPerCall)} B", $"{Stats.Count(interpolated.BytesPerCall)} B; {Stats.Count(rawSend.BytesPerCall)} B"),
            new($"sustained {Sustained.TotalSeconds:N0} s: calls per second on the caller", $"{Stats.Count(sustained.PerSecond)}/s", $"{Stats.Count(rawSend.PerSecond)}/s (UdpClient.Send per metric)"),
            new("sustained: datagrams delivered to the agent per second", $"{Stats.Count(sustained.Received / sustained.Seconds)}/s", $"{Stats.Count(rawSend.PerSecond)}/s (UdpClient.Send per metric)"),
        ];
        var notes = new List<string>
        {
            $"The client never blocks the caller: a call formats the datagram as UTF-8 into a buffer of its thread, then copies it, under a short lock, into the open packet (up to 1,432 bytes, pooled); a full packet goes whole to the queue of one background loop that sends it. The queue is bounded in datagrams ({new Alerts.DogStatsd.DogStatsdOptions().QueueCapacity:N0}, counting those in the open packet). When it is full the datagram is dropped and counted.",
            $"In the bursts, every one of the {Stats.Count(bursts.Calls)} calls was queued ({Stats.Count(bursts.Dropped)} dropped) and the loopback agent received {Stats.Count(bursts.Received)} datagrams.",
            $"Sustained at full speed for {Sustained.TotalSeconds:N0} s, the caller made {Stats.Count(sustained.Calls)} calls; the sender loop delivered {Stats.Count(sustained.Received)} datagrams ({Stats.Number(100.0 * sustained.Received / sustained.Calls, 1)}%) and {Stats.Count(sustained.Dropped)} were dropped and counted: "
                + "past the sender's pace (one UDP send per ~1.4 KB packet, on the second of two cores, which the caller and the agent's reader share), the overflow is shed rather than slowing the caller. The monitor sends 4 to 6 datagrams per check per run (status and value gauges, a duration distribution, a service check, and a count for bytes or errors where there are any), plus an event on a status change: 10,000 checks make about 60,000 per run, far below either rate.",
            gaugeDrops.Calls > 0
                ? $"During BenchmarkDotNet's Gauge runs the caller outpaced the sender and the queue was often full: of {Stats.Count(gaugeDrops.Calls)} calls, {Stats.Count(gaugeDrops.Dropped)} ({Stats.Number(100.0 * gaugeDrops.Dropped / gaugeDrops.Calls, 0)}%) were dropped, so its number mixes queued and dropped calls (a drop costs the same formatting, minus the enqueue); the burst row measures queued calls only."
                : "BenchmarkDotNet's Gauge runs reported no call count.",
            $"**Where the time goes:** of Gauge's {Nanoseconds(nameof(DogStatsdCalls.Gauge))}, formatting the datagram takes {Nanoseconds(nameof(DogStatsdCalls.Serialize))} ({Bytes(nameof(DogStatsdCalls.Serialize))}: the name, tags and number written straight to UTF-8 into the thread's buffer, the number with double.TryFormat); "
                + "the rest is the lock and the copy into the open packet, and once per packet (about six of these datagrams) the queue's write and the wake-up of the sender loop. "
                + "What a call still allocates, on average, is packets: 64 sent packets are kept for reuse, and when the caller outpaces the sender (bursts, BenchmarkDotNet's loop) the packets beyond those are new, and the queue's segments grow. "
                + $"When every call is queued (the bursts), a call takes {Stats.Number(1e9 / bursts.Median, 0)} ns. The interpolated baseline writes the same datagram in {Nanoseconds(nameof(DogStatsdCalls.Interpolated))} and {Bytes(nameof(DogStatsdCalls.Interpolated))}, as UTF-16, before any encoding or queueing. "
                + "Before issue 17, each call built its datagram in a fresh StringBuilder (568.6 ns, 1,432 B) and wrote the string to a bounded channel, one channel write per datagram: 917.9 ns per Gauge call, 877,793 calls per second in bursts.",
        };
        var appendix = Directory.Exists(summary.ResultsDirectoryPath)
            ? Directory.GetFiles(summary.ResultsDirectoryPath, "*-report-github.md").Select(File.ReadAllText).FirstOrDefault()
            : null;
        return new ItemResult(4, "DogStatsD client",
            $"BenchmarkDotNet 0.15.8 for the per-call numbers (in-process toolchain so it needs no second build; ShortRun's 3 warm-ups with {Iterations} iterations instead of 3, as the shared machine is noisy; MemoryDiagnoser), because one call takes nanoseconds; "
                + "a Stopwatch harness for what BenchmarkDotNet cannot show: calls that are all queued (bursts of half the queue, flushed in between, untimed), and a sustained stream with the drops and the agent's receipts.",
            "the same datagram formatted with one interpolated string (formatting only), and formatted then sent with `UdpClient.Send` on the caller's thread (a blocking client).", rows, notes)
        {
            Appendix = appendix is null ? null : "BenchmarkDotNet's table:\n\n" + appendix.Replace("&#39;", "'", StringComparison.Ordinal).Trim(),
        };
    }

    private sealed record Bursts(IReadOnlyList<double> Rates, long Calls, double BytesPerCall, long Dropped, long Received)
    {
        public double Median => Stats.Median(Rates);
    }

    private sealed record Rate(long Calls, double Seconds, double BytesPerCall, long Dropped, long Received)
    {
        public double PerSecond => Calls / Seconds;
    }
}
