using System.Globalization;
using System.Text;

namespace CustomerData.Checks.Loading;

/// <summary>What must hold of the bytes before they can be read as JSON at all: present, not too large, UTF-8.</summary>
internal static class RawFile
{
    /// <summary>The largest checks file read: far above 10,000 checks (about 4 MB), far below what hurts a small container.</summary>
    public const long MaxBytes = 64L << 20;

    public const string MaxBytesText = "64 MiB";

    private const string Shape = "write the configuration as one JSON object: { \"sources\": { ... }, \"checks\": [ ... ] }";

    /// <summary>A problem of the whole file, or null with the offset where the JSON starts (after a UTF-8 byte order mark).</summary>
    public static ConfigProblem? Check(ReadOnlySpan<byte> raw, out int start)
    {
        start = raw.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        if (raw.Length == 0)
        {
            return File("the file is empty", Shape);
        }

        if (raw.Length > MaxBytes)
        {
            return TooLarge(raw.Length);
        }

        if (raw.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || raw.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return File($"the file is UTF-16 (it starts with the byte order mark {raw[0]:X2} {raw[1]:X2}), not UTF-8", "save it as UTF-8, the encoding JSON files use");
        }

        if (start == raw.Length)
        {
            return File("the file holds only a byte order mark (EF BB BF) and no JSON", Shape);
        }

        if (FirstInvalidByte(raw) is { } offset)
        {
            var line = raw[..offset].Count((byte)'\n') + 1;
            return File(
                string.Create(CultureInfo.InvariantCulture, $"not UTF-8: invalid byte 0x{raw[offset]:X2} at byte offset {offset} (line {line})"),
                "save the file as UTF-8, the encoding JSON files use (an editor's \"Save with encoding\" does it)");
        }

        if (raw[start..].IndexOfAnyExcept((ReadOnlySpan<byte>)" \t\r\n"u8) < 0)
        {
            return File("the file holds only whitespace and no JSON", Shape);
        }

        return null;
    }

    /// <summary>The problem of a file past <see cref="MaxBytes"/>; its length when known (a pipe or a device has none).</summary>
    public static ConfigProblem TooLarge(long? length) =>
        File(
            length is { } known
                ? string.Create(CultureInfo.InvariantCulture, $"the file is {known:#,0} bytes, more than the {MaxBytesText} a checks file may have")
                : $"the file holds more than the {MaxBytesText} a checks file may have",
            "check that --config names the checks file");

    private static ConfigProblem File(string message, string hint) => new(JsonPath.Root, message, hint);

    private static int? FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return null;
        }

        for (var i = 0; i < utf8.Length;)
        {
            if (System.Buffers.OperationStatus.Done != System.Text.Rune.DecodeFromUtf8(utf8[i..], out _, out var consumed))
            {
                return i;
            }

            i += consumed;
        }

        return null;
    }
}
