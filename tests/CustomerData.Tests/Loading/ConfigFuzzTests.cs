using System.Globalization;
using System.Text;
using CustomerData.Checks;
using CustomerData.Checks.Loading;
using CustomerData.Tests.TestSupport;

namespace CustomerData.Tests.Loading;

/// <summary>
/// Mutates the root checks.json thousands of ways (truncations, byte flips, inserted tokens, deep nesting, huge numbers,
/// invalid UTF-8, BOMs, NULs): the loader never throws, and every answer is a configuration or problems that each
/// carry a line and column or are the whole file's. CUSTOMERDATA_FUZZ_CASES sets how many random cases run (long mode:
/// 200000), CUSTOMERDATA_FUZZ_SEED which seed; a failure prints both so the case reproduces.
/// </summary>
[TestClass]
public sealed class ConfigFuzzTests
{
    private const int DefaultRandomCases = 2_000;
    private const int DefaultSeed = 20_261_126;
    private const int EdgeBytes = 200;

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", "\"", ",", ":", "\\", "null", "1e999", "-0", "\"\\ud800\"", "\"\\udc00\"", "/*", "//", "*/",
        "99999999999999999999", "-99999999999999999999", "1e-999", "0.1e", "\"\\u0000\"", "\"\\n\"", "true", "\"${UNSET}\"",
        "\"10675199d10675199d\"", "\"740000d\"", "\"0s\"", "\"\\u202e\"", "\"\\u2028\"", ",]", ",}", "\"type\": \"volume\",",
    ];

    private static readonly byte[][] Encodings =
    [
        [0xFF], [0xFE], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0x00], [0x00, 0x00, 0x00], [0x1B], [0x7F],
    ];

    private static readonly string[] Values =
    [
        "1e999", "-1e999", "99999999999999999999", "-0", "1e308", "4.9e-324", "123456789012345678901234567890.5", "0", "-1",
        "\"10675199d10675199d\"", "\"740000d\"", "\"3650d\"", "\"3651d\"", "\"25h\"", "\"\\ud800\"", "\"a\\nb\"",
        "\"sales.orders\\n\"", "\"\\u202eevil\"", "null", "[]", "{}", "\"\"", "\"* * * * *\"", "\"0 0 0 ? * MON#9\"",
    ];

    private static readonly ConfigLoader Loader = new(Catalog.Default, _ => null);

    [TestMethod]
    public void MutatedRootConfig_NeverThrows_AndEveryProblemIsLocatedOrTheFiles()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CUSTOMERDATA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var randomCases = int.TryParse(Environment.GetEnvironmentVariable("CUSTOMERDATA_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRandomCases;
        var original = File.ReadAllBytes(Path.Combine(Repository.Root, "checks.json"));
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        var cases = FixedCases(original).Concat(RandomCases(original, seed, randomCases));
        var count = 0;
        foreach (var (name, bytes) in cases)
        {
            count++;
            var (failure, kind) = Judge(bytes);
            if (failure is not null)
            {
                failures.Add($"{name}: {failure}");
            }

            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        Assert.IsGreaterThanOrEqualTo(2_000, count, "the default run must try at least 2,000 cases");
        Assert.IsEmpty(failures, $"seed {seed} (rerun with CUSTOMERDATA_FUZZ_SEED={seed}), {failures.Count} of {count} cases failed:\n" + string.Join("\n", failures.Take(20)));

        // The mutations reach every kind of answer, so the run proves more than "the file is not JSON".
        foreach (var kind in new[] { "valid", "file-level", "syntax", "validation" })
        {
            Assert.IsGreaterThan(0, outcomes.GetValueOrDefault(kind), $"no case ended as {kind}: {string.Join(", ", outcomes)}");
        }
    }

    [TestMethod]
    public void HostileFieldValues_ThroughTheWholeLoadingPath_NeverThrow()
    {
        // Cron, time zones, durations, names and template paths go to parsers and the file system of their own.
        const string Alphabet = "0123456789*/?-,#LW ?MONSUNJAN.dhmswx_:\\\"u00d8{}$[]%\u00e9\u202e\u0000";
        string[] fields = ["schedule", "timezone", "renotify_after", "timeout", "owner"];
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CUSTOMERDATA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var directory = Directory.CreateTempSubdirectory("fuzz-config-").FullName;
        var path = Path.Combine(directory, "checks.json");
        var failures = new List<string>();
        try
        {
            for (var index = 0; index < 300; index++)
            {
                var random = new Random(unchecked((seed * 1_000_003) + index));
                var value = new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
                var field = fields[random.Next(fields.Length)];
                var json = $$"""
                    {
                      "defaults": { "{{field}}": {{System.Text.Json.JsonSerializer.Serialize(value)}}, "notify": { "slack": "#a", "templates": { "failure": {{System.Text.Json.JsonSerializer.Serialize(value)}} } } },
                      "notifications": { "slack": { "webhooks": { "#a": "console" } } },
                      "sources": { "db": { "type": "duckdb", "path": ":memory:" } },
                      "checks": [ { "name": "a", "type": "freshness", "source": "db", "table": "t", "column": "c", "critical_after": "6h" } ]
                    }
                    """;
                File.WriteAllText(path, json);
                try
                {
                    var (_, errors) = Monitors.Cli.LoadedConfig.Read(path, directory, _ => null);
                    if (errors.FirstOrDefault(e => e.Message.StartsWith(ConfigLoader.InternalError, StringComparison.Ordinal)) is { } internalError)
                    {
                        failures.Add($"case {index} ({field} = {PrintableText.Escape(value)}): {internalError}");
                    }
                }
                catch (Exception error)
                {
                    failures.Add($"case {index} ({field} = {PrintableText.Escape(value)}): threw {error}");
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.IsEmpty(failures, $"seed {seed}:\n" + string.Join("\n", failures.Take(10)));
    }

    /// <summary>Why an answer breaks the promise (null when it keeps it), and what kind of answer it was.</summary>
    private static (string? Failure, string Kind) Judge(byte[] bytes)
    {
        ConfigLoadResult result;
        try
        {
            result = Loader.Load(bytes, "checks.json");
        }
        catch (Exception error)
        {
            return ("threw " + error, "thrown");
        }

        var kind = result.IsValid ? "valid"
            : result.Errors.Count == 0 ? "empty"
            : result.Errors[0].IsFileLevel ? "file-level"
            : result.Errors.Any(e => e.Message.StartsWith("malformed JSON", StringComparison.Ordinal)) ? "syntax"
            : "validation";
        return (Broken(result), kind);
    }

    private static string? Broken(ConfigLoadResult result)
    {
        if (result.IsValid)
        {
            return null;
        }

        if (result.Errors.Count == 0)
        {
            return "no configuration and no error";
        }

        foreach (var error in result.Errors)
        {
            var located = error.IsFileLevel ? error.Column == 0 : error.Line >= 1 && error.Column >= 1 && error.Path.StartsWith('$');
            if (!located || string.IsNullOrWhiteSpace(error.Message))
            {
                return "unlocated: " + error;
            }

            if (error.Message.StartsWith(ConfigLoader.InternalError, StringComparison.Ordinal))
            {
                return "a validator threw: " + error;
            }

            if ((error.Path + error.Message + error.Hint).Any(PrintableText.IsHidden))
            {
                return "a message holds a control character: " + PrintableText.Escape(error.ToString());
            }
        }

        return null;
    }

    /// <summary>Every truncation in the first and last 200 bytes, the whole file, deep nesting and BOMs.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> FixedCases(byte[] original)
    {
        yield return ("the original", original);
        for (var length = 0; length <= Math.Min(EdgeBytes, original.Length); length++)
        {
            yield return ($"the first {length} bytes", original[..length]);
        }

        for (var length = Math.Max(0, original.Length - EdgeBytes); length < original.Length; length++)
        {
            yield return ($"the first {length} bytes", original[..length]);
        }

        yield return ("10,000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)));
        yield return ("10,000 nested objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)));
        yield return ("10,000 unclosed arrays", Encoding.ASCII.GetBytes(new string('[', 10_000)));
        yield return ("a UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. original]);
        yield return ("two UTF-8 BOMs", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. original]);
        yield return ("only a BOM", [0xEF, 0xBB, 0xBF]);
        yield return ("UTF-16", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(original))]);
        yield return ("only NULs", new byte[64]);
        yield return ("only whitespace", " \r\n\t "u8.ToArray());
        yield return ("a lone number", "1e999"u8.ToArray());
    }

    private static IEnumerable<(string Name, byte[] Bytes)> RandomCases(byte[] original, int seed, int count)
    {
        for (var index = 0; index < count; index++)
        {
            // Each case has its own generator, so one case reproduces without replaying the others (HashCode.Combine would
            // not do: it is seeded anew in every process).
            var random = new Random(unchecked((seed * 1_000_003) + index));
            var (what, bytes) = Mutate(original, random);
            yield return ($"case {index} ({what})", bytes);
        }
    }

    private static (string What, byte[] Bytes) Mutate(byte[] original, Random random)
    {
        var at = random.Next(original.Length + 1);
        switch (random.Next(10))
        {
            case 0:
                return ($"truncated to {at} bytes", original[..at]);
            case 1:
                var flipped = (byte[])original.Clone();
                var flips = 1 + random.Next(3);
                for (var i = 0; i < flips; i++)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return ($"{flips} bytes replaced", flipped);
            case 2:
                var bit = (byte[])original.Clone();
                var where = random.Next(bit.Length);
                bit[where] ^= (byte)(1 << random.Next(8));
                return ($"a bit flipped at {where}", bit);
            case 3 or 4:
                var token = Tokens[random.Next(Tokens.Length)];
                return ($"\"{token}\" inserted at {at}", Insert(original, at, Encoding.UTF8.GetBytes(token)));
            case 5:
                var encoding = Encodings[random.Next(Encodings.Length)];
                return ($"bytes {Convert.ToHexString(encoding)} inserted at {at}", Insert(original, at, encoding));
            case 6:
                return ReplaceValue(original, random);
            case 7:
                var length = random.Next(1, 64);
                var end = Math.Min(original.Length, at + length);
                return ($"bytes {at} to {end} removed", [.. original[..at], .. original[end..]]);
            case 8:
                var depth = random.Next(2) == 0 ? 10_000 : random.Next(60, 70);
                var open = random.Next(2) == 0 ? new string('[', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth));
                return ($"{depth} levels of nesting inserted at {at}", Insert(original, at, Encoding.ASCII.GetBytes(open)));
            default:
                var span = random.Next(1, 200);
                var from = random.Next(original.Length);
                var piece = original[from..Math.Min(original.Length, from + span)];
                return ($"bytes {from}+{piece.Length} copied to {at}", Insert(original, at, piece));
        }
    }

    /// <summary>A value (after a ": ") replaced by a hostile one: huge numbers, durations past their bound, escapes.</summary>
    private static (string What, byte[] Bytes) ReplaceValue(byte[] original, Random random)
    {
        var text = Encoding.UTF8.GetString(original);
        var colons = Enumerable.Range(0, text.Length - 1).Where(i => text[i] == ':' && text[i + 1] == ' ').ToList();
        var colon = colons[random.Next(colons.Count)] + 2;
        var end = colon;
        if (text[colon] == '"')
        {
            end = text.IndexOf('"', colon + 1) + 1;
        }
        else
        {
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-' or '+'))
            {
                end++;
            }
        }

        var value = Values[random.Next(Values.Length)];
        return ($"the value at {colon} replaced by {value}", Encoding.UTF8.GetBytes(text[..colon] + value + text[end..]));
    }

    private static byte[] Insert(byte[] original, int at, byte[] inserted) => [.. original[..at], .. inserted, .. original[at..]];
}
