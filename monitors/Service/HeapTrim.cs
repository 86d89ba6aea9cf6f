namespace CustomerData.Monitors.Service;

/// <summary>
/// Gives back to the system the memory a large piece of work (loading 10,000 checks, running them) left as garbage.
/// </summary>
/// <remarks>
/// The GC sizes its youngest generation from the CPU's cache (hundreds of MB on some VMs), so between collections a
/// start-up or a large run can leave a heap many times larger than what stays reachable, and a service that then sits
/// between fires holds it for long. After work that allocated at least <see cref="Threshold"/> bytes, one blocking,
/// compacting, decommitting collection returns it; small configurations never pay for it.
/// </remarks>
internal static class HeapTrim
{
    /// <summary>Bytes allocated since the last trim below which a trim is not worth its pause.</summary>
    public const long Threshold = 32L << 20;

    private static long s_allocatedAtLastTrim;

    /// <summary>Collects aggressively when enough was allocated since the last time; true when it did.</summary>
    public static bool AfterLargeWork()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var last = Interlocked.Read(ref s_allocatedAtLastTrim);
        if (allocated - last < Threshold || Interlocked.CompareExchange(ref s_allocatedAtLastTrim, allocated, last) != last)
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return true;
    }
}
