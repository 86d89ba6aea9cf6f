using System.Text.Json;
using CustomerData.Checks;
using CustomerData.Checks.Definitions;
using CustomerData.Monitors.Cli;
using CustomerData.Monitors.Composition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz;

namespace CustomerData.Monitors.Service;

/// <summary>Builds the `serve` process: Quartz (in memory or clustered), live reload, graceful shutdown, JSON logs, tracing, health endpoints.</summary>
internal static class ServiceHost
{
    private const string Live = "live";
    private const string Ready = "ready";

    // The monitor watches checks.json itself; the host's own appsettings watching would only spend file watches.
    private static readonly string[] NoConfigurationReload = ["--hostBuilder:reloadConfigOnChange=false"];

    // Read by people with curl as much as by probes: no \u escapes of quotes, '<' or '+' in error texts.
    private static readonly JsonSerializerOptions BodyJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="signals">serve's stop signals, which stop the host; null when the host is stopped only by its caller (a test).</param>
    public static IHost Build(LoadedConfig loaded, ServeSettings settings, MonitorRuntime runtime, TimeProvider time, StopSignals? signals = null)
    {
        var scheduler = loaded.Config.Scheduler;
        IHostApplicationBuilder builder;
        WebApplicationBuilder? web = null;
        if (settings.HealthPort is { } port)
        {
            web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = NoConfigurationReload });
            web.WebHost.UseUrls($"http://{settings.HealthHost}:{port}");
            builder = web;
        }
        else
        {
            builder = Host.CreateApplicationBuilder(NoConfigurationReload);
        }

        // One JSON object per line, with the trace and span ids of the run it belongs to, for Datadog log correlation.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var services = builder.Services;
        services.Configure<HostOptions>(o =>
        {
            // Past the grace, interrupted runs still record and the outbox gets its last attempt: the margin is for them.
            o.ShutdownTimeout = scheduler.ShutdownGrace.Value + TimeSpan.FromSeconds(30);
            // A failed background loop stops the host, and ServiceExit turns that into a non-zero exit.
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        // Instead of the console lifetime, whose signal handlers come only once the host starts (see StopSignals).
        services.AddSingleton<IHostLifetime>(sp => new StopSignalLifetime(
            signals, sp.GetRequiredService<IHostApplicationLifetime>(), sp.GetRequiredService<ILogger<StopSignalLifetime>>()));
        services.AddSingleton(loaded);
        services.AddSingleton(settings);
        var state = new ServiceState(runtime, time);
        services.AddSingleton(state);
        // Messages that wait for a webhook (an unset variable) keep the service unready until they can leave.
        services.AddSingleton(new Readiness(() => runtime.BlockedDelivery.Select(b => $"Slack delivery blocked: {b}")));
        services.AddSingleton<ServiceFailure>();
        services.AddSingleton(new ShutdownDeadline(TimeProvider.System));
        services.AddSingleton<ConfigWatcher>();
        services.AddSingleton<ScheduleSynchronizer>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = scheduler.InstanceName;
                if (settings.InstanceId is { } id)
                {
                    o.InstanceId = id;
                }
                else
                {
                    o.GenerateInstanceId = true;
                }
            });
            q.UseDefaultThreadPool(scheduler.MaxConcurrency);
            if (scheduler.Mode == SchedulerMode.Cluster)
            {
                var connectionString = Stores.ConnectionString(scheduler, settings.Environment);
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(c => c.CheckinInterval = scheduler.CheckinInterval.Value);
                });
            }
            else
            {
                q.UseInMemoryStore(o => o.MisfireThreshold = TimeSpan.FromSeconds(5));
            }
        });

        // Stopped in reverse order: the watcher first, then the grace period, then Quartz waits for the jobs.
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService<ServiceStartup>();
        services.AddHostedService<ShutdownGrace>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigWatcher>());
        services.AddHostedService<Heartbeat>();
        services.AddHostedService(sp => new OutboxPump(
            runtime, () => state.IsReady ? state.Config : null, time, sp.GetRequiredService<Readiness>(), sp.GetRequiredService<ILogger<OutboxPump>>()));

        if (settings.Environment("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 })
        {
            // The standard OTEL_* variables configure the exporter; the Datadog Agent ingests OTLP.
            services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(settings.Environment("DD_SERVICE") ?? "customer-data-monitor"))
                .WithTracing(t => t.AddSource(Telemetry.SourceName).AddOtlpExporter());
        }

        services.AddHealthChecks()
            .AddQuartz(o => o.Tags.AddRange([Live, Ready]))
            .AddCheck<StoreHealthCheck>("store", tags: [Live, Ready])
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [Ready])
            .AddCheck<ReadinessHealthCheck>("problems", tags: [Ready]);

        if (web is null)
        {
            return ((HostApplicationBuilder)builder).Build();
        }

        var app = web.Build();
        app.MapHealthChecks("/healthz", Endpoint(Live));
        app.MapHealthChecks("/readyz", Endpoint(Ready));
        Report.ReportEndpoints.Map(app, state);
        return app;
    }

    private static HealthCheckOptions Endpoint(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            problems = report.Entries.ContainsKey("problems") ? context.RequestServices.GetRequiredService<Readiness>().Problems : null,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, BodyJson));
    }
}
