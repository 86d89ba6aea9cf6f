using CustomerData.Monitors.Service;

namespace CustomerData.Tests.Service;

/// <summary>Issue 17: serve gives back the garbage of large work (10,000 checks), and small work never pays the pause.</summary>
[TestClass]
[DoNotParallelize]
public sealed class HeapTrimTests
{
    [TestMethod]
    public void AfterLargeGarbage_TheHeapIsCollectedAndShrinks_ThenNotAgainUntilMoreIsAllocated()
    {
        HeapTrim.AfterLargeWork();
        var garbage = new List<byte[]>();
        for (var i = 0; i < 64; i++)
        {
            garbage.Add(new byte[1 << 20]);
        }

        var heapWithGarbage = GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes + garbage.Sum(g => (long)g.Length);
        garbage.Clear();
        var collections = GC.CollectionCount(GC.MaxGeneration);

        var trimmed = HeapTrim.AfterLargeWork();
        var again = HeapTrim.AfterLargeWork();

        Assert.IsTrue(trimmed, "64 MB allocated since the last trim");
        Assert.IsGreaterThan(collections, GC.CollectionCount(GC.MaxGeneration));
        Assert.IsLessThan(heapWithGarbage - (48L << 20), GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes, "the 64 MB of garbage left the heap");
        Assert.IsFalse(again, "nothing was allocated since");
    }
}
