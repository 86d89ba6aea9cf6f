using System.Globalization;

namespace CustomerData.Alerts.DogStatsd;

/// <summary>Formats a double as the shortest round-trip plain decimal, never in exponent form.</summary>
internal static class InvariantNumber
{
    public static string Format(double value)
    {
        // "R" switches to exponent form below 1e-5 and from 1e15 (1E-05, 1E+15); the digits it picks are
        // still the shortest that round-trip, so only the decimal point needs moving.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        return exponentAt < 0 ? text : Expand(text, exponentAt);
    }

    private static string Expand(string text, int exponentAt)
    {
        var negative = text[0] == '-';
        var mantissa = text[(negative ? 1 : 0)..exponentAt];
        var exponent = int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;

        var plain = point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..];
        return negative ? "-" + plain : plain;
    }
}
