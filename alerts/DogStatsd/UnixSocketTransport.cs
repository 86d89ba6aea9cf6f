using System.Net.Sockets;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends packets as datagrams on the agent's Unix domain socket.</summary>
/// <remarks>Used by one sending loop at a time, so it needs no locking.</remarks>
internal sealed class UnixSocketTransport(string path) : IDatagramTransport
{
    private Socket? _socket;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        try
        {
            // Connected, so a full agent queue makes the send wait (an unconnected send fails at once), and
            // connected lazily, so an agent that starts later is found.
            _socket ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await _socket.SendAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A restarted agent binds a new socket file: reconnect on the next packet.
            _socket?.Dispose();
            _socket = null;
            throw;
        }
    }

    public void Dispose() => _socket?.Dispose();

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
