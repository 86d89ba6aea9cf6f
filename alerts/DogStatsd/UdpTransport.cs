using System.Net;
using System.Net.Sockets;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends packets as UDP datagrams to the agent's host and port.</summary>
/// <remarks>Used by one sending loop at a time, so it needs no locking.</remarks>
internal sealed class UdpTransport(string host, int port, AgentAddress address) : IDatagramTransport
{
    private Socket? _socket;
    private IPEndPoint? _endPoint;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (_socket is null || _endPoint is null)
        {
            // Resolved in the background since start-up (bounded), so an agent name costs no run any waiting.
            _endPoint = new IPEndPoint(await address.GetAsync().ConfigureAwait(false), port);
            _socket = new Socket(_endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }

        // Unconnected on purpose: a connected UDP socket turns the ICMP "port unreachable" of an agent
        // restart into errors on later sends.
        await _socket.SendToAsync(packet, SocketFlags.None, _endPoint, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _socket?.Dispose();

    public override string ToString() => $"udp://{host}:{port}";
}
