using System.Diagnostics.CodeAnalysis;

namespace CustomerData.Tests.TestSupport;

/// <summary>What a test does when a local service (or tool) it needs is missing: skip with the reason, or fail under CUSTOMERDATA_REQUIRE_SERVICES=1.</summary>
internal static class RequiredService
{
    [DoesNotReturn]
    public static void Missing(string message)
    {
        if (Environment.GetEnvironmentVariable(PostgresServer.RequireServicesVariable) == "1")
        {
            Assert.Fail(message + $" ({PostgresServer.RequireServicesVariable}=1 turns this skip into a failure)");
        }

        Assert.Inconclusive(message);
        throw new System.Diagnostics.UnreachableException();
    }
}
