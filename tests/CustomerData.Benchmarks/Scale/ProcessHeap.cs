using Microsoft.Diagnostics.Runtime;

namespace CustomerData.Benchmarks.Scale;

/// <summary>A running process's managed heap: committed, reachable, and the types holding the most reachable bytes.</summary>
internal sealed record ProcessHeap(long Committed, long Objects, long Reachable, IReadOnlyList<(string Type, long Bytes, long Count)> TopTypes)
{
    /// <summary>
    /// Attaches to a .NET process with ClrMD (suspending it while it reads), walks every object, and marks
    /// what is reachable from the roots, so dead objects not yet collected do not count as the process's own.
    /// </summary>
    public static ProcessHeap Read(int processId, int top = 8)
    {
        using var target = DataTarget.AttachToProcess(processId, suspend: true);
        using var runtime = target.ClrVersions.Single().CreateRuntime();
        var heap = runtime.Heap;
        var objects = heap.EnumerateObjects().Where(o => o.IsValid && !o.IsFree).Sum(o => (long)o.Size);

        var reached = new HashSet<ulong>();
        var pending = new Stack<ClrObject>(heap.EnumerateRoots().Select(r => r.Object).Where(o => o.IsValid));
        var byType = new Dictionary<string, (long Bytes, long Count)>(StringComparer.Ordinal);
        while (pending.TryPop(out var current))
        {
            if (!reached.Add(current.Address))
            {
                continue;
            }

            var name = current.Type?.Name ?? "(unknown)";
            var (bytes, count) = byType.GetValueOrDefault(name);
            byType[name] = (bytes + (long)current.Size, count + 1);
            foreach (var reference in current.EnumerateReferences(carefully: true))
            {
                if (reference.IsValid && !reached.Contains(reference.Address))
                {
                    pending.Push(reference);
                }
            }
        }

        var committed = heap.Segments.Sum(s => (long)s.CommittedMemory.Length);
        return new ProcessHeap(committed, objects, byType.Values.Sum(v => v.Bytes),
            [.. byType.OrderByDescending(p => p.Value.Bytes).Take(top).Select(p => (p.Key, p.Value.Bytes, p.Value.Count))]);
    }
}
