using System.Text;
using Microsoft.Extensions.Logging;

namespace CustomerData.Monitors.Service;

/// <summary>
/// Turns what the one-shot CLI prints (Slack messages for channels without a webhook, routing notes) into
/// log entries, one per paragraph, so the service's JSON log stays one object per line.
/// </summary>
internal sealed partial class LogTextWriter(ILogger logger) : TextWriter
{
    private readonly StringBuilder _paragraph = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value != '\n')
        {
            _paragraph.Append(value);
            return;
        }

        if (_paragraph.Length > 0 && _paragraph[^1] == '\n')
        {
            Emit();
            return;
        }

        _paragraph.Append('\n');
    }

    protected override void Dispose(bool disposing)
    {
        Emit();
        base.Dispose(disposing);
    }

    private void Emit()
    {
        var text = _paragraph.ToString().Trim();
        _paragraph.Clear();
        if (text.Length > 0)
        {
            LogPrinted(logger, text);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Text}")]
    private static partial void LogPrinted(ILogger logger, string text);
}
