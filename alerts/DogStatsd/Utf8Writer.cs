using System.Text;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Writes UTF-8 into a fixed span; once something does not fit, it stops and says so.</summary>
internal ref struct Utf8Writer(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Written { get; private set; }

    public bool Overflowed { get; private set; }

    public void Append(byte value)
    {
        if (!Overflowed && Written < _destination.Length)
        {
            _destination[Written++] = value;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (!Overflowed && bytes.TryCopyTo(_destination[Written..]))
        {
            Written += bytes.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Append(string text)
    {
        if (!Overflowed && Encoding.UTF8.TryGetBytes(text, _destination[Written..], out var written))
        {
            Written += written;
        }
        else
        {
            Overflowed = true;
        }
    }

    public void Append<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        if (!Overflowed && value.TryFormat(_destination[Written..], out var written, format, System.Globalization.CultureInfo.InvariantCulture))
        {
            Written += written;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>Forgets what was written from <paramref name="length"/> on.</summary>
    public void Truncate(int length) => Written = Math.Min(Written, length);

    /// <summary>What was written since <paramref name="start"/>.</summary>
    public readonly ReadOnlySpan<byte> Since(int start) => _destination[start..Written];
}
