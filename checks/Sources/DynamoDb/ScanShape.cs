namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>What the one scan of a table measurement reads.</summary>
internal enum ScanShape
{
    /// <summary>No measure needs a scan.</summary>
    None,

    /// <summary><c>Select=COUNT</c> with at most one window filter: every scanned measure is the same row count.</summary>
    Count,

    /// <summary>Every item, projected to the attributes the measures look at, evaluated here.</summary>
    Items,

    /// <summary>About the sample size in items, spread over many segments, evaluated here.</summary>
    Sample,
}
