namespace CustomerData.Alerts.DogStatsd;

/// <summary>Sends one packet to the agent; a failure is an exception, which the sender counts as dropped datagrams.</summary>
internal interface IDatagramTransport : IDisposable
{
    ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken);

    static IDatagramTransport Create(DogStatsdOptions options, TimeProvider time) =>
        options.SocketPath is { } path
            ? new UnixSocketTransport(path)
            : new UdpTransport(options.Host, options.Port, new AgentAddress(options.Host, options.ResolveHost, options.ResolveTimeout, time));
}
