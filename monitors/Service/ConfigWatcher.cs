using System.Security.Cryptography;
using System.Threading.Channels;
using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Live reload: an edited checks.json is validated; a valid one replaces the running configuration and its
/// schedules, an invalid one is logged and reported to Datadog while the running configuration stays.
/// </summary>
internal sealed partial class ConfigWatcher(LoadedConfig initial, ServiceState state, ScheduleSynchronizer synchronizer, ServeSettings settings, ILogger<ConfigWatcher> logger) : BackgroundService
{
    public const string ErrorsMetric = "customer_data.config.errors";
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    /// <summary>How often the file is also compared by content, for changes no file event reports (a Kubernetes ConfigMap's symlink swap, exhausted inotify watches).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private byte[] _seenHash = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = Path.GetFullPath(initial.Path);
        _seenHash = Hash(path);
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };

        // Editors save by writing in place or by renaming a new file over the old one: both count.
        watcher.Changed += (_, _) => changes.Writer.TryWrite(true);
        watcher.Created += (_, _) => changes.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => changes.Writer.TryWrite(true);
        watcher.Error += (_, _) => changes.Writer.TryWrite(true);
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch (IOException)
        {
            // No file events to be had (the watch limit is reached): the poll below still sees every edit.
        }

        using var poll = new PeriodicTimer(Poll, TimeProvider.System);
        _ = PollAsync(poll, changes.Writer, stoppingToken);
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(Settle, TimeProvider.System, stoppingToken).ConfigureAwait(false);
                while (changes.Reader.TryRead(out _))
                {
                }

                await ReloadAsync(path, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReloadAsync(string path, CancellationToken cancellationToken)
    {
        var hash = Hash(path);
        // Each version of the file is judged once: an invalid one is reported once, not at every poll.
        if (hash.Length == 0 || hash.AsSpan().SequenceEqual(_seenHash))
        {
            return;
        }

        _seenHash = hash;

        var (loaded, errors) = LoadedConfig.Read(initial.Path, initial.DataDirectory, settings.Environment);
        var statsd = state.Runtime.Statsd;
        if (loaded is null)
        {
            foreach (var error in errors)
            {
                LogInvalid(logger, error.ToString());
            }

            statsd.Gauge(ErrorsMetric, errors.Count);
            statsd.Event(
                "[CustomerData] checks.json is invalid: the running configuration stays",
                string.Join("\n", errors.Take(20).Select(e => e.ToString())),
                alertType: "error",
                aggregationKey: "customer_data.config",
                sourceType: "customer_data");
            return;
        }

        state.Install(loaded, ServiceState.OpenSources(loaded, state.Time));
        await synchronizer.SyncAsync(loaded, cancellationToken).ConfigureAwait(false);
        statsd.Gauge(ErrorsMetric, 0);
        var schedules = ScheduleGroup.Of(loaded.Config).Count;
        LogReloaded(logger, loaded.Config.Checks.Count, schedules);
    }

    private static async Task PollAsync(PeriodicTimer poll, ChannelWriter<bool> changes, CancellationToken stoppingToken)
    {
        try
        {
            while (await poll.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                changes.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static byte[] Hash(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (IOException)
        {
            // Caught mid-save: the next event brings the finished file.
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "checks.json was edited but is invalid, so the running configuration stays: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded checks.json: {Checks} checks on {Schedules} schedules")]
    private static partial void LogReloaded(ILogger logger, int checks, int schedules);
}
