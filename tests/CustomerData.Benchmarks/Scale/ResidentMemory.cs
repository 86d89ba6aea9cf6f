namespace CustomerData.Benchmarks.Scale;

/// <summary>A process's resident memory in bytes: total, peak, anonymous (heaps) and file-backed (code, mapped files).</summary>
internal sealed record ResidentMemory(long Resident, long Peak, long Anonymous, long FileBacked);
