using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace CustomerData.Checks.Demo;

/// <summary>
/// The demo customer-data warehouse: customers, orders and marketing events, generated deterministically
/// from an anchor hour, with planted problems for the root checks.json to find.
/// </summary>
public static class DemoWarehouse
{
    /// <summary>The business-day time zone the planted volume drop follows (the same as checks.json's default).</summary>
    public const string BusinessTimeZone = "Europe/Paris";

    public const int Customers = 50_000;
    public const int Orders = 300_000;
    public const int OrderDays = 90;
    public const int Events = 1_200_000;
    public const int EventDays = 30;

    /// <summary>How long before the anchor the last marketing event arrived (the stale table).</summary>
    public static readonly TimeSpan EventsStaleFor = TimeSpan.FromHours(8);

    /// <summary>The hours before the last event in which campaign_id is NULL for 40% of events (the null spike).</summary>
    public static readonly TimeSpan NullSpikeSpan = TimeSpan.FromHours(12);

    /// <summary>How many days of hourly web sessions the demo holds (more than a learned threshold's 28 days of training).</summary>
    public const int SessionDays = 35;

    /// <summary>Share of yesterday's orders (business time zone) that were lost upstream (the volume drop).</summary>
    public const int YesterdayKeptPercent = 55;

    /// <summary>Share of one day's orders (business time zone) the reporting replica lost in the copy (the reconciliation).</summary>
    public const int ReplicaLostPercent = 3;

    /// <summary>How long the root check lets a copy take: the day it compares is the last one that ended this long ago.</summary>
    public static readonly TimeSpan ReplicaLag = TimeSpan.FromHours(2);

    /// <summary>Orders of the last hour are still in flight to the replica (inside the lag, so not counted missing).</summary>
    public static readonly TimeSpan ReplicaInFlight = TimeSpan.FromHours(1);

    /// <summary>The business day whose copy lost orders: the last complete one at the anchor minus the lag, which is the
    /// day the root reconciliation compares during the whole anchor hour.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) ReplicaDay(DateTimeOffset anchor) => Yesterday(anchor - ReplicaLag);

    /// <summary>Creates the warehouse unless the file already holds the demo for the current hour.</summary>
    public static async Task EnsureCurrentAsync(string path, TimeProvider time, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var anchor = AnchorFor(time.GetUtcNow());
        if (await DemoMarker.ReadAnchorAsync(path, cancellationToken).ConfigureAwait(false) == anchor)
        {
            return;
        }

        progress?.Report($"Creating the demo warehouse at {path} ({Customers + Orders + Events:N0} rows, data up to {anchor:yyyy-MM-dd HH:mm} UTC)...");
        await CreateAsync(path, anchor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The data's "now": the start of the current UTC hour, so the planted problems stay planted as time passes.</summary>
    public static DateTimeOffset AnchorFor(DateTimeOffset now) => new(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the warehouse for this anchor to a temporary file, then moves it into place, so a crash never leaves half a file.</summary>
    /// <exception cref="DemoFileRefusedException">A file the monitor did not make is at <paramref name="path"/>; it is left untouched.</exception>
    public static async Task CreateAsync(string path, DateTimeOffset anchor, CancellationToken cancellationToken)
    {
        _ = await DemoMarker.ReadAnchorAsync(path, cancellationToken).ConfigureAwait(false);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.Delete(temporary);
        try
        {
            await using (var connection = new DuckDBConnection($"Data Source={temporary}"))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                foreach (var statement in Statements(anchor))
                {
                    await ExecuteAsync(connection, statement, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".wal");
        }
    }

    /// <summary>The start and end (UTC) of the business day before the anchor's, where the volume drop is planted.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Yesterday(DateTimeOffset anchor)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(BusinessTimeZone);
        var today = TimeZoneInfo.ConvertTime(anchor, zone).Date;
        return (Local(today.AddDays(-1), zone), Local(today, zone));
    }

    private static DateTimeOffset Local(DateTime date, TimeZoneInfo zone) => new(date, zone.GetUtcOffset(date));

    private static IEnumerable<string> Statements(DateTimeOffset anchor)
    {
        var (dropStart, dropEnd) = Yesterday(anchor);
        var eventsEnd = anchor - EventsStaleFor;
        var spikeStart = eventsEnd - NullSpikeSpan;
        yield return "SET TimeZone = 'UTC'";
        yield return "CREATE TEMP MACRO rnd(i, salt, n) AS CAST(hash(i, salt) % n AS BIGINT)";
        yield return "CREATE SCHEMA crm";
        yield return "CREATE SCHEMA sales";
        yield return "CREATE SCHEMA marketing";
        yield return $"CREATE TABLE demo_meta AS SELECT {Literal(anchor)} AS anchor";
        yield return DemoMarker.Statement;

        // rnd(i, salt, n) (a hash) gives a stable pseudo-random number per row, so the same anchor gives the same data.
        // Emails are NULL for 0.3% of customers, and for 2% of French ones (a WARNING for the FR null-rate check).
        yield return $"""
            CREATE TABLE crm.customers AS
            SELECT
              i AS customer_id,
              ['FR', 'DE', 'GB', 'ES', 'IT', 'US'][1 + rnd(i, 'country', 6)] AS country,
              CASE WHEN rnd(i, 'email', 1000) < (CASE WHEN rnd(i, 'country', 6) = 0 THEN 20 ELSE 3 END) THEN NULL
                   ELSE 'customer' || i || '@example.com' END AS email,
              {Literal(anchor)} - to_seconds(CAST(rnd(i, 'created', (400 * 86400)) AS BIGINT)) AS created_at,
              {Literal(anchor)} - to_seconds(CAST(rnd(i, 'updated', (30 * 86400)) AS BIGINT)) AS updated_at
            FROM range({Customers}) t(i)
            """;

        // Schema drift: an upstream export started writing birth_date as text (VARCHAR), where the root checks.json's
        // schema check expects DATE.
        yield return "ALTER TABLE crm.customers ADD COLUMN birth_date VARCHAR";
        yield return "UPDATE crm.customers SET birth_date = strftime(DATE '1950-01-01' + CAST(rnd(customer_id, 'birth', 55 * 365) AS INTEGER), '%Y-%m-%d')";

        // Orders spread evenly over 90 days; 45% of yesterday's (Europe/Paris) never arrived.
        yield return $"""
            CREATE TABLE sales.orders AS
            SELECT * FROM (
              SELECT
                i AS order_id,
                rnd(i, 'customer', {Customers}) AS customer_id,
                round(5 + (rnd(i, 'amount', 50000)) / 100.0, 2) AS amount_eur,
                ['paid', 'shipped', 'delivered', 'refunded'][1 + rnd(i, 'status', 4)] AS status,
                {Literal(anchor)} - to_seconds(CAST(rnd(i, 'created', ({OrderDays} * 86400)) AS BIGINT)) AS created_at
              FROM range({Orders}) t(i)
            )
            WHERE NOT (created_at >= {Literal(dropStart)} AND created_at < {Literal(dropEnd)} AND rnd(order_id, 'lost', 100) >= {YesterdayKeptPercent})
            """;
        yield return $"ALTER TABLE sales.orders ADD COLUMN updated_at TIMESTAMP";
        yield return $"UPDATE sales.orders SET updated_at = least(created_at + to_seconds(CAST(rnd(order_id, 'updated', 3600) AS BIGINT)), {Literal(anchor)})";
        foreach (var statement in OrderPlants(anchor))
        {
            yield return statement;
        }

        // The reporting replica of the orders: 3% of one day's orders were lost in the copy, and the last hour is still
        // in flight (the reconciliation's lag keeps it out of the comparison).
        var (replicaStart, replicaEnd) = ReplicaDay(anchor);
        yield return "CREATE SCHEMA replica";
        yield return $"""
            CREATE TABLE replica.orders AS
            SELECT order_id, customer_id, amount_eur, status, created_at, updated_at FROM sales.orders
            WHERE created_at < {Literal(anchor - ReplicaInFlight)}
              AND NOT (created_at >= {Literal(replicaStart)} AND created_at < {Literal(replicaEnd)} AND rnd(order_id, 'replica', 100) < {ReplicaLostPercent})
            """;

        // Marketing events stop 8 hours before the anchor (a stale table); campaign_id is NULL for 1% of
        // events, and for 40% in the 12 hours before they stopped (a null spike).
        yield return $"""
            CREATE TABLE marketing.events AS
            SELECT
              i AS event_id,
              rnd(i, 'customer', {Customers}) AS customer_id,
              ['email_open', 'email_click', 'page_view', 'ad_click'][1 + rnd(i, 'type', 4)] AS event_type,
              event_time,
              CASE WHEN rnd(i, 'campaign', 100) < (CASE WHEN event_time >= {Literal(spikeStart)} THEN 40 ELSE 1 END) THEN NULL
                   ELSE 'cmp-' || (rnd(i, 'campaign_id', 40)) END AS campaign_id
            FROM (
              SELECT i, {Literal(eventsEnd)} - to_microseconds(CAST(rnd(i, 'time', ({EventDays} * 86400000000)) AS BIGINT)) - INTERVAL 1 SECOND AS event_time
              FROM range({Events}) t(i)
            )
            """;
        yield return $"UPDATE crm.customers SET email = replace(email, '@', ' at ') WHERE rnd(customer_id, 'malformed', 1000) < {MalformedEmailsPerMille}";
        // Web sessions per hour for five weeks, with a daily rhythm (busy 08:00 to 21:59 Paris time) and quieter
        // weekends; the last complete hour before the anchor has a tenth of its usual sessions, which a static
        // "min" set low enough for nights and Sundays lets through and a learned threshold catches.
        yield return $"""
            CREATE TABLE sales.web_sessions AS
            WITH hours AS (
              SELECT h, CAST(epoch(h) / 3600 AS BIGINT) AS k
              FROM generate_series({Literal(anchor - TimeSpan.FromDays(SessionDays))}, {Literal(anchor - TimeSpan.FromHours(1))}, INTERVAL 1 HOUR) t(h)),
            counts AS (
              SELECT h, CAST((CASE WHEN hour(h + INTERVAL 1 HOUR) BETWEEN 8 AND 21 THEN 400 ELSE 80 END)
                             * (CASE WHEN dayofweek(h + INTERVAL 1 HOUR) IN (0, 6) THEN 0.6 ELSE 1.0 END)
                             * (CASE WHEN h = {Literal(anchor - TimeSpan.FromHours(1))} THEN 0.1 ELSE 1.0 END)
                             * (0.9 + rnd(k, 'sessions', 200) / 1000.0) AS BIGINT) AS n
              FROM hours)
            SELECT row_number() OVER (ORDER BY h, x) AS session_id, h + to_seconds(CAST(x * 3600 / n AS BIGINT)) AS started_at
            FROM (SELECT h, n, unnest(range(n)) AS x FROM counts)
            """;
        yield return "CHECKPOINT";
    }

    /// <summary>The start (UTC) of the hour of orders a retry loaded twice (the duplicated batch).</summary>
    public static DateTimeOffset DuplicatedBatchStart(DateTimeOffset anchor) => anchor - DuplicatedBatchAge;

    /// <summary>How long before the anchor the duplicated hour of orders starts: far from yesterday's volume window.</summary>
    public static readonly TimeSpan DuplicatedBatchAge = TimeSpan.FromDays(3);

    /// <summary>Per mille of refunded orders whose amount was written negative (negative amounts).</summary>
    public const int NegativeRefundsPerMille = 20;

    /// <summary>Per mille of the last two days' paid orders written 'PAID' by a new service (an unexpected status).</summary>
    public const int UppercasePaidPerMille = 100;

    /// <summary>Per mille of customers whose email lost its '@' (malformed emails).</summary>
    public const int MalformedEmailsPerMille = 4;

    // Problems that pass the pipeline's freshness, volume and null checks: they need uniqueness and validity checks.
    private static IEnumerable<string> OrderPlants(DateTimeOffset anchor)
    {
        var batch = DuplicatedBatchStart(anchor);
        yield return $"""
            INSERT INTO sales.orders (order_id, customer_id, amount_eur, status, created_at, updated_at)
            SELECT order_id, customer_id, amount_eur, status, created_at, updated_at FROM sales.orders
            WHERE created_at >= {Literal(batch)} AND created_at < {Literal(batch + TimeSpan.FromHours(1))}
            """;
        yield return $"UPDATE sales.orders SET status = 'PAID' WHERE status = 'paid' AND created_at >= {Literal(anchor - TimeSpan.FromDays(2))} AND rnd(order_id, 'upper', 1000) < {UppercasePaidPerMille}";
        yield return $"UPDATE sales.orders SET amount_eur = -amount_eur WHERE status = 'refunded' AND rnd(order_id, 'negative', 1000) < {NegativeRefundsPerMille}";
    }

    private static string Literal(DateTimeOffset time) =>
        "TIMESTAMP '" + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "'";

    private static async Task ExecuteAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = text;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
