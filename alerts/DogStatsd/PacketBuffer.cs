namespace CustomerData.Alerts.DogStatsd;

/// <summary>Packs datagrams (UTF-8) into one packet, joined by newlines, never past the packet size; reused once sent.</summary>
internal sealed class PacketBuffer(int capacity)
{
    private readonly byte[] _bytes = new byte[capacity];
    private int _length;

    /// <summary>Datagrams in the packet, so a failed send can count what it lost.</summary>
    public int Count { get; private set; }

    public ReadOnlyMemory<byte> Packet => _bytes.AsMemory(0, _length);

    /// <summary>True when not even a one-byte datagram fits any more.</summary>
    public bool IsFull => _length + 2 > _bytes.Length;

    public PacketAddResult TryAdd(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _bytes.Length)
        {
            return PacketAddResult.TooLarge;
        }

        var separator = Count == 0 ? 0 : 1;
        if (_length + separator + datagram.Length > _bytes.Length)
        {
            return PacketAddResult.Full;
        }

        if (separator == 1)
        {
            _bytes[_length++] = (byte)'\n';
        }

        datagram.CopyTo(_bytes.AsSpan(_length));
        _length += datagram.Length;
        Count++;
        return PacketAddResult.Added;
    }

    public void Clear()
    {
        _length = 0;
        Count = 0;
    }
}

/// <summary>Full means send the packet and add again; TooLarge means the datagram never fits.</summary>
internal enum PacketAddResult
{
    Added,
    Full,
    TooLarge,
}
