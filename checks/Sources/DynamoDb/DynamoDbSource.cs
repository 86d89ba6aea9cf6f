using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CustomerData.Checks.Sql;

namespace CustomerData.Checks.Sources.DynamoDb;

/// <summary>Measures DynamoDB tables: item counts from DescribeTable, newest times through an index, everything else from one budgeted scan per table.</summary>
internal sealed partial class DynamoDbSource : IDataSource, IRemoteValidatingSource
{
    private readonly DynamoDbSourceDefinition _definition;
    private readonly Lazy<IAmazonDynamoDB> _client;
    private readonly ReadBudget _budget;
    private readonly ThrottleRetry _retry;

    public DynamoDbSource(DynamoDbSourceDefinition definition, IDynamoDbClientFactory clients, SourceEnvironment environment, ThrottleRetry? retry = null)
    {
        _definition = definition;
        _client = new(() => clients.Create(definition));
        _budget = new ReadBudget(definition.MaxReadUnitsPerSecond, environment.Time);
        _retry = retry ?? new ThrottleRetry(environment.Time);
    }

    /// <summary>The budget every check on this source shares.</summary>
    internal ReadBudget Budget => _budget;

    /// <summary>The throttling retries, for their count.</summary>
    internal ThrottleRetry Retry => _retry;

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        // No connection to open: building the client resolves settings, and credentials resolve on the first request.
        _ = _client.Value;
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Describe(TableMeasurement measurement) => RequestText.Describe(ReadPlan.Of(measurement), _definition);

    public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
    {
        var plan = ReadPlan.Of(measurement);
        var reader = new BudgetedReader(_client.Value, _budget, _retry);
        var meter = new ReadMeter();
        var values = new long?[measurement.Measures.Count];
        var numbers = new Dictionary<int, double?>();
        var notes = new Dictionary<int, string>();
        var table = await DescribeTableAsync(measurement.Table, cancellationToken).ConfigureAwait(false);
        foreach (var i in plan.Metadata)
        {
            values[i] = table.ItemCount ?? 0;
            notes[i] = "DescribeTable ItemCount, which DynamoDB refreshes about every 6 hours: recent writes may be missing";
        }

        var index = new IndexQuery(reader, _definition);
        foreach (var i in plan.Indexed)
        {
            (values[i], notes[i]) = await index.NewestAsync(table, measurement.Measures[i], meter, cancellationToken).ConfigureAwait(false);
        }

        if (plan.Shape != ScanShape.None)
        {
            var averageItemBytes = table.ItemCount is > 0 && table.TableSizeBytes is > 0 ? (double)table.TableSizeBytes.Value / table.ItemCount.Value : 0;
            var scan = new TableScan(reader, _definition, plan);
            var tally = await scan.RunAsync(averageItemBytes, meter, cancellationToken).ConfigureAwait(false);
            ScanNotes.Fill(plan, scan, tally, values, numbers, notes);
        }

        MeasurementResult result;
        if (plan.Attributes.Count > 0)
        {
            // A column list is no whole number: the schema measures are typed here, the others as FromRaw types them.
            var (attributes, note) = await SampleAttributesAsync(measurement.Table, reader, meter, cancellationToken).ConfigureAwait(false);
            var read = new Values.MeasuredValue[measurement.Measures.Count];
            for (var i = 0; i < read.Length; i++)
            {
                read[i] = plan.Attributes.Contains(i) ? attributes : measurement.Measures[i].Function.Typed(values[i]);
            }

            foreach (var i in plan.Attributes)
            {
                notes[i] = note;
            }

            result = new MeasurementResult(read);
        }
        else
        {
            result = MeasurementResult.FromRaw(measurement.Measures, values);
        }

        return result.WithNumbers(numbers) with { ReadUnits = meter.Units, Notes = notes };
    }

    public Task<IReadOnlyList<RemoteFinding>> ValidateRemoteAsync(IReadOnlyList<RemoteCheck> checks, CancellationToken cancellationToken) =>
        new DynamoDbRemoteValidator(_client.Value, _definition, _retry).ValidateAsync(checks, cancellationToken);

    private async Task<TableDescription> DescribeTableAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            // DescribeTable is a control-plane call: it consumes no read units.
            var response = await _retry.RunAsync(ct => _client.Value.DescribeTableAsync(new DescribeTableRequest { TableName = table }, ct), cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException error)
        {
            var where = _definition.Endpoint ?? _definition.Region;
            throw new ResourceNotFoundException($"table \"{table}\" does not exist at {where}", error);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
