using CustomerData.Monitors.Scheduling;
using CustomerData.Tests.TestSupport;
using Npgsql;
using Quartz;

namespace CustomerData.Tests.Postgres;

[TestClass]
public sealed class QuartzPostgresSchemaTests
{
    private static readonly string[] ExpectedTables =
    [
        "qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_execution_history", "qrtz_fired_triggers", "qrtz_job_details",
        "qrtz_job_status", "qrtz_locks", "qrtz_misfire_history", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_scheduler_state",
        "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_triggers",
    ];

    private const string Shape = """
        SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
        FROM information_schema.columns WHERE table_name LIKE 'qrtz%'
        UNION ALL SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'qrtz%'
        ORDER BY 1
        """;

    private static async Task<List<string>> QueryAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    [TestMethod]
    public void Script_NeverDropsAnything_AndCreatesEveryQuartzTable()
    {
        var script = QuartzPostgresSchema.LoadScript();

        Assert.DoesNotContain("DROP", script.ToUpperInvariant());
        CollectionAssert.AreEqual(ExpectedTables, QuartzPostgresSchema.Tables.Order(StringComparer.Ordinal).ToArray());
    }

    [TestMethod]
    public async Task EnsureAsync_CreatesTheTablesOnce_WithThe4xColumns_AndKeepsTheirRows()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));

        Assert.IsTrue(await QuartzPostgresSchema.EnsureAsync(db.DataSource, CancellationToken.None));
        await using (var insert = db.DataSource.CreateCommand("INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('customerdata', 'TRIGGER_ACCESS')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        Assert.IsFalse(await QuartzPostgresSchema.EnsureAsync(db.DataSource, CancellationToken.None));

        CollectionAssert.AreEqual(ExpectedTables, (await QueryAsync(db.DataSource, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'qrtz%' ORDER BY table_name")).ToArray());
        var columns = await QueryAsync(db.DataSource, "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_name IN ('qrtz_triggers', 'qrtz_fired_triggers')");
        foreach (var column in new[] { "qrtz_triggers.misfire_orig_fire_time", "qrtz_triggers.execution_group", "qrtz_triggers.preferred_node", "qrtz_triggers.preferred_node_auto", "qrtz_fired_triggers.execution_group" })
        {
            CollectionAssert.Contains(columns, column);
        }

        CollectionAssert.AreEqual(new[] { "TRIGGER_ACCESS" }, (await QueryAsync(db.DataSource, "SELECT lock_name FROM qrtz_locks")).ToArray());
    }

    [TestMethod]
    public async Task EnsureAsync_ByTwoNodesStartingAtOnce_AppliesTheScriptOnce()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));

        var applied = await Task.WhenAll(
            QuartzPostgresSchema.EnsureAsync(db.NewDataSource(), CancellationToken.None),
            QuartzPostgresSchema.EnsureAsync(db.NewDataSource(), CancellationToken.None));

        Assert.AreEqual(1, applied.Count(a => a));
    }

    [TestMethod]
    public async Task ExistingSchema_EvenAnOldOne_IsLeftAlone()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));
        await using (var old = db.DataSource.CreateCommand("CREATE TABLE qrtz_locks (sched_name text NOT NULL, lock_name text NOT NULL, PRIMARY KEY (sched_name, lock_name))"))
        {
            await old.ExecuteNonQueryAsync();
        }

        Assert.IsFalse(await QuartzPostgresSchema.EnsureAsync(db.DataSource, CancellationToken.None));

        CollectionAssert.AreEqual(new[] { "qrtz_locks" }, (await QueryAsync(db.DataSource, "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'qrtz%'")).ToArray());
    }

    [TestMethod]
    public async Task Script_MatchesThePinnedQuartzPackagesOwnSchema()
    {
        await using var ours = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));
        await using var quartz = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));
        await QuartzPostgresSchema.EnsureAsync(ours.DataSource, CancellationToken.None);

        // The script Quartz runs for SchemaProvisioning.CreateIfMissing: {0} is the table prefix, {1} the same for index names.
        await using var stream = typeof(IJob).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql");
        Assert.IsNotNull(stream, "the Quartz package no longer embeds its PostgreSQL schema; compare by hand with database/tables/tables_postgres.sql");
        var packaged = (await new StreamReader(stream).ReadToEndAsync()).Replace("{0}", "qrtz_", StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal);
        await using (var create = quartz.DataSource.CreateCommand(packaged))
        {
            await create.ExecuteNonQueryAsync();
        }

        CollectionAssert.AreEqual(await QueryAsync(quartz.DataSource, Shape), await QueryAsync(ours.DataSource, Shape));
    }

    [TestMethod]
    public async Task ClusteredQuartz4Scheduler_RunsAJob_OnTheSchema()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync(nameof(QuartzPostgresSchemaTests));
        await QuartzPostgresSchema.EnsureAsync(db.DataSource, CancellationToken.None);
        // Quartz validates its schema at start (the default), so this also checks the DDL against the pinned Quartz.
        var scheduler = await QuartzSchedulerBuilder
            .Create(q => q
                .ConfigureScheduler(options =>
                {
                    options.InstanceName = "CustomerDataTest";
                    options.InstanceId = "customerdata-test";
                })
                .UsePersistentStore(store =>
                {
                    store.UsePostgres(db.ConnectionString);
                    store.UseClustering();
                    store.UseSystemTextJsonSerializer();
                }))
            .BuildScheduler();
        try
        {
            SignalJob.Ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
            await scheduler.Start();
            await scheduler.ScheduleJob(
                JobBuilder.Create<SignalJob>().WithIdentity("orders_freshness").Build(),
                TriggerBuilder.Create().WithIdentity("orders_freshness").StartNow().Build());

            await SignalJob.Ran.Task.WaitAsync(TimeSpan.FromSeconds(30));
            CollectionAssert.Contains(await QueryAsync(db.DataSource, "SELECT instance_name FROM qrtz_scheduler_state"), "customerdata-test");
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    /// <summary>Tells the test it ran.</summary>
    public sealed class SignalJob : IJob
    {
        public static TaskCompletionSource Ran { get; set; } = new();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Ran.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
