using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Postgres;

[TestClass]
public sealed class PostgresServerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TheRunsServer_ListensOnLoopback_AndGivesEachCallerItsOwnDatabase()
    {
        var server = await PostgresServer.GetAsync();
        await using var first = await PostgresServer.CreateDatabaseAsync("Server Tests");
        await using var second = await PostgresServer.CreateDatabaseAsync("Server Tests");

        await using var command = first.DataSource.CreateCommand("SELECT current_database() || ' ' || host(inet_server_addr()) || ' ' || current_setting('server_version_num')");
        var answer = (string?)await command.ExecuteScalarAsync();

        StringAssert.StartsWith(answer, first.Name + " 127.0.0.1 ");
        Assert.AreNotEqual(first.Name, second.Name);
        StringAssert.EndsWith(first.Name, "_server_tests");
        TestContext.WriteLine($"PostgreSQL from {server.InitDb} on port {server.Port}, started in {server.StartTime.TotalMilliseconds:0} ms");
    }
}
