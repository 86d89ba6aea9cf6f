using System.Globalization;
using System.Text;

namespace CustomerData.Tests.Soak;

/// <summary>Reads HTTP/1.1 requests with a Content-Length body off one kept-alive connection.</summary>
internal sealed class HttpRequestReader(Stream stream)
{
    private readonly List<byte> _buffer = [];
    private readonly byte[] _chunk = new byte[16 * 1024];

    /// <summary>The next request's path and UTF-8 body, or null when the client closed the connection.</summary>
    public async Task<(string Path, string Body)?> ReadAsync(CancellationToken cancellationToken)
    {
        int end;
        while ((end = HeadEnd()) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }

        var head = Encoding.ASCII.GetString([.. _buffer.Take(end)]);
        _buffer.RemoveRange(0, end + 4);
        var lines = head.Split("\r\n");
        var path = lines[0].Split(' ') is { Length: >= 2 } parts ? parts[1] : "/";
        var length = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (_buffer.Count < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }

        var body = Encoding.UTF8.GetString([.. _buffer.Take(length)]);
        _buffer.RemoveRange(0, length);
        return (path, body);
    }

    private int HeadEnd()
    {
        for (var i = 0; i + 3 < _buffer.Count; i++)
        {
            if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(_chunk, cancellationToken);
        _buffer.AddRange(_chunk.AsSpan(0, read));
        return read > 0;
    }
}
