using System.Net;
using System.Net.Sockets;

namespace CustomerData.Benchmarks.Support;

/// <summary>A TCP port free on loopback right now.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
