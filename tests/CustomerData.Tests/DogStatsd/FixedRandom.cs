namespace CustomerData.Tests.DogStatsd;

/// <summary>Draws the given numbers in turn, so sampling decisions are known in advance.</summary>
internal sealed class FixedRandom(params double[] draws) : Random
{
    private int _next;

    public override double NextDouble() => draws[_next++];
}
