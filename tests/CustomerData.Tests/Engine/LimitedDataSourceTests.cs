using CustomerData.Checks.Sources;
using CustomerData.Checks.Sql;
using CustomerData.Checks.Values;

namespace CustomerData.Tests.Engine;

[TestClass]
public sealed class LimitedDataSourceTests
{
    /// <summary>A source that holds every measurement until released, counting how many are inside at once.</summary>
    private sealed class GatedSource : IDataSource
    {
        private int _inside;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostAtOnce { get; private set; }

        public int Entered { get; private set; }

        public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public IReadOnlyList<string> Describe(TableMeasurement measurement) => [];

        public async Task<MeasurementResult> MeasureAsync(TableMeasurement measurement, CancellationToken cancellationToken)
        {
            lock (this)
            {
                _inside++;
                Entered++;
                MostAtOnce = Math.Max(MostAtOnce, _inside);
            }

            await Release.Task.WaitAsync(cancellationToken);
            lock (this)
            {
                _inside--;
            }

            return new MeasurementResult([MeasuredValue.Count(1)]);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [TestMethod]
    public async Task AtMostTheLimit_MeasureAtOnce_TheRestWaitTheirTurn()
    {
        var inner = new GatedSource();
        await using var limited = new LimitedDataSource(inner, maxConcurrent: 2);
        var measurement = new TableMeasurement("s", "t", [new Measure(MeasureFunction.RowCount, RowScope.All)]);

        var runs = Enumerable.Range(0, 5).Select(_ => limited.MeasureAsync(measurement, CancellationToken.None)).ToList();
        await Task.Delay(200);
        var enteredBeforeRelease = inner.Entered;
        inner.Release.SetResult();
        await Task.WhenAll(runs);

        Assert.AreEqual(2, enteredBeforeRelease);
        Assert.AreEqual(2, inner.MostAtOnce);
        Assert.AreEqual(5, inner.Entered);
    }
}
