using System.Globalization;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Definitions;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>A time window as DynamoDB filters it (<c>#t &gt;= :start AND #t &lt; :end</c>), also evaluated here on scanned items so shared scans agree with it.</summary>
internal sealed class WindowFilter
{
    private readonly decimal _startNumber;
    private readonly decimal _endNumber;

    public WindowFilter(TimeWindow window, TimeFormat format)
    {
        Attribute = window.Column;
        Start = TimeValues.Operand(window.Start, format);
        End = TimeValues.Operand(window.End, format);
        if (Start.N is not null)
        {
            _startNumber = decimal.Parse(Start.N, CultureInfo.InvariantCulture);
            _endNumber = decimal.Parse(End.N!, CultureInfo.InvariantCulture);
        }
    }

    public string Attribute { get; }

    public AttributeValue Start { get; }

    public AttributeValue End { get; }

    /// <summary>Text compares by code point, numbers by value, and any other type never matches, as in a filter expression.</summary>
    public bool Contains(AttributeValue? value)
    {
        if (Start.S is not null)
        {
            return value?.S is { } text && string.CompareOrdinal(text, Start.S) >= 0 && string.CompareOrdinal(text, End.S) < 0;
        }

        return value?.N is { } number
            && decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && amount >= _startNumber
            && amount < _endNumber;
    }
}
