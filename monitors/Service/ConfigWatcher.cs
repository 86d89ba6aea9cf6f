using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using CustomerData.Checks.Sources;
using CustomerData.Monitors.Cli;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Live reload: an edited checks.json is validated; a valid one replaces the running configuration and its
/// schedules. One that cannot be read, decoded or validated is logged and reported to Datadog, and readiness
/// says so until a valid file arrives, while the running configuration stays. Nothing in a reload stops the service.
/// </summary>
internal sealed partial class ConfigWatcher(
    LoadedConfig initial,
    ServiceState state,
    ScheduleSynchronizer synchronizer,
    ServeSettings settings,
    Readiness readiness,
    ILogger<ConfigWatcher> logger) : BackgroundService
{
    public const string ErrorsMetric = "customer_data.config.errors";

    /// <summary>The readiness key of a rejected checks.json.</summary>
    public const string ReadinessKey = "configuration";

    /// <summary>The readiness key of schedules that could not be made to match the installed configuration.</summary>
    public const string SchedulesKey = "schedules";

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    /// <summary>How often the file is also compared by content, for changes no file event reports (a Kubernetes ConfigMap's symlink swap, exhausted inotify watches).</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private byte[] _seenHash = [];
    private byte[] _installedHash = [];
    private LoadedConfig? _unsynced;

    /// <summary>How many problems the file on disk has now (0 when it is the running configuration).</summary>
    public int Errors { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = Path.GetFullPath(initial.Path);
        // Compare with the bytes serve started from, not with the file as it is now: an edit made while the service
        // starts (before this loop runs) must still count as an edit.
        _seenHash = _installedHash = initial.ContentHash ?? await HashAsync(path, stoppingToken).ConfigureAwait(false) ?? [];
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = Watch(path, changes.Writer);
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

                try
                {
                    await ReloadAsync(path, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    // A reload never ends the service: whatever went wrong, the running configuration stays.
                    Reject([$"{initial.Path}: reload failed: {error.GetType().Name}: {error.Message}"]);
                    LogReloadFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private FileSystemWatcher? Watch(string path, ChannelWriter<bool> changes)
    {
        try
        {
            var watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };

            // Editors save by writing in place or by renaming a new file over the old one: both count.
            watcher.Changed += (_, _) => changes.TryWrite(true);
            watcher.Created += (_, _) => changes.TryWrite(true);
            watcher.Renamed += (_, _) => changes.TryWrite(true);
            watcher.Deleted += (_, _) => changes.TryWrite(true);
            watcher.Error += (_, _) => changes.TryWrite(true);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception error) when (error is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // No file events to be had (the watch limit is reached): the poll still sees every edit.
            LogNoFileEvents(logger, error.Message);
            return null;
        }
    }

    private async Task ReloadAsync(string path, CancellationToken cancellationToken)
    {
        if (_unsynced is { } unsynced)
        {
            await SyncAsync(unsynced, cancellationToken).ConfigureAwait(false);
        }

        var content = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        var hash = content.Bytes is { } bytes ? SHA256.HashData(bytes) : SHA256.HashData(Encoding.UTF8.GetBytes(content.Error!));
        // Each version of the file (or each way of failing to read it) is judged once, not at every poll.
        if (hash.AsSpan().SequenceEqual(_seenHash))
        {
            return;
        }

        _seenHash = hash;
        if (content.Error is { } unreadable)
        {
            Reject([unreadable]);
            return;
        }

        if (hash.AsSpan().SequenceEqual(_installedHash))
        {
            // Back to the file that runs (an edit undone): nothing to install, nothing rejected any more.
            Accept();
            LogBackToRunning(logger);
            return;
        }

        LoadedConfig? loaded;
        IReadOnlyList<string> errors;
        DataSources? sources = null;
        try
        {
            (loaded, var problems) = LoadedConfig.Read(initial.Path, initial.DataDirectory, settings.Environment);
            errors = [.. problems.Select(p => OneLine(p.ToString()))];
            sources = loaded is null ? null : ServiceState.OpenSources(loaded, state.Time);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            loaded = null;
            errors = [$"{initial.Path}: {error.GetType().Name}: {OneLine(error.Message)}"];
        }

        if (loaded is null || sources is null)
        {
            Reject(errors);
            return;
        }

        state.Install(loaded, sources!);
        _installedHash = hash;
        Accept();
        await SyncAsync(loaded, cancellationToken).ConfigureAwait(false);
        var schedules = ScheduleGroup.Of(loaded.Config).Count;
        LogReloaded(logger, loaded.Config.Checks.Count, schedules);
        HeapTrim.AfterLargeWork();
    }

    /// <summary>Makes the schedules match the installed configuration; on failure, says so and tries again at the next poll.</summary>
    private async Task SyncAsync(LoadedConfig loaded, CancellationToken cancellationToken)
    {
        try
        {
            await synchronizer.SyncAsync(loaded, cancellationToken).ConfigureAwait(false);
            _unsynced = null;
            readiness.Clear(SchedulesKey);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            _unsynced = loaded;
            readiness.Set(SchedulesKey, $"schedules not updated to the installed checks.json: {error.GetType().Name}: {OneLine(error.Message)}");
            LogSyncFailed(logger, error);
        }
    }

    private void Accept()
    {
        Errors = 0;
        readiness.Clear(ReadinessKey);
        state.Runtime.Statsd.Gauge(ErrorsMetric, 0);
    }

    private void Reject(IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            LogInvalid(logger, error);
        }

        var at = state.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var first = errors.Count > 0 ? errors[0] : "no reason given";
        readiness.Set(ReadinessKey, $"configuration rejected at {at}: {first}");
        Errors = Math.Max(errors.Count, 1);
        var statsd = state.Runtime.Statsd;
        statsd.Gauge(ErrorsMetric, Errors);
        statsd.Event(
            "[CustomerData] checks.json is invalid: the running configuration stays",
            Alerts.Slack.BlockKitLimits.Cut(string.Join("\n", errors.Take(20)), 4000),
            alertType: "error",
            aggregationKey: "customer_data.config",
            sourceType: "customer_data");
    }

    /// <summary>The file's bytes, or why it cannot be read; a failed read is tried again once, as a save may be half done.</summary>
    private async Task<(byte[]? Bytes, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                if (attempt == 2)
                {
                    return (null, $"{initial.Path}: cannot be read: {OneLine(error.Message)}");
                }
            }

            await Task.Delay(Settle, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> HashAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return SHA256.HashData(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
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

    private static string OneLine(string text) =>
        string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(Level = LogLevel.Error, Message = "checks.json was edited but is rejected, so the running configuration stays: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading checks.json failed; the running configuration stays")]
    private static partial void LogReloadFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not update the schedules to the installed checks.json; trying again at the next poll")]
    private static partial void LogSyncFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No file events for checks.json ({Reason}); the 2 s poll still sees every edit")]
    private static partial void LogNoFileEvents(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "checks.json is back to the running configuration")]
    private static partial void LogBackToRunning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded checks.json: {Checks} checks on {Schedules} schedules")]
    private static partial void LogReloaded(ILogger logger, int checks, int schedules);
}
