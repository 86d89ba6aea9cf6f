using System.Net;
using System.Net.Sockets;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends packets as UDP datagrams to the agent's host and port.</summary>
/// <remarks>Used by one sending loop at a time, so it needs no locking.</remarks>
internal sealed class UdpTransport(string host, int port) : IDatagramTransport
{
    private Socket? _socket;
    private IPEndPoint? _endPoint;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (_socket is null || _endPoint is null)
        {
            // Resolved on first use, not at start-up, so an agent that is not up yet costs packets, not the start.
            _endPoint = new IPEndPoint(await ResolveAsync(cancellationToken).ConfigureAwait(false), port);
            _socket = new Socket(_endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }

        // Unconnected on purpose: a connected UDP socket turns the ICMP "port unreachable" of an agent
        // restart into errors on later sends.
        await _socket.SendToAsync(packet, SocketFlags.None, _endPoint, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _socket?.Dispose();

    private async Task<IPAddress> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        // The agent listens on IPv4 by default, while "localhost" often resolves to ::1 first.
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
    }
}
