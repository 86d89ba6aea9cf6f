namespace CustomerData.Alerts.DogStatsd;

/// <summary>What formatting a datagram into a buffer gave: the datagram, a refusal (malformed), or too many bytes.</summary>
internal enum FormatResult
{
    Written,
    Invalid,
    TooLarge,
}
