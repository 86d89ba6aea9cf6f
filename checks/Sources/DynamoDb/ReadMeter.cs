namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>The read units and requests of one table measurement, whatever else shares the source's budget meanwhile.</summary>
internal sealed class ReadMeter
{
    private readonly Lock _lock = new();
    private double _units;
    private int _requests;

    public double Units
    {
        get
        {
            lock (_lock)
            {
                return _units;
            }
        }
    }

    public int Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests;
            }
        }
    }

    public void Add(double units)
    {
        lock (_lock)
        {
            _units += units;
            _requests++;
        }
    }
}
