using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CustomerData.Checks.Loading;

/// <summary>Where each path sits, mapped by a pass over the file the first time anything asks (a problem to locate).</summary>
internal sealed class LazyPositions(Func<IReadOnlyDictionary<string, JsonPosition>> map) : IReadOnlyDictionary<string, JsonPosition>
{
    private readonly Lazy<IReadOnlyDictionary<string, JsonPosition>> _positions = new(map);

    /// <summary>Whether the positions were mapped (a benchmark and a test read it; nothing else needs to).</summary>
    public bool IsMapped => _positions.IsValueCreated;

    public JsonPosition this[string key] => _positions.Value[key];

    public IEnumerable<string> Keys => _positions.Value.Keys;

    public IEnumerable<JsonPosition> Values => _positions.Value.Values;

    public int Count => _positions.Value.Count;

    public bool ContainsKey(string key) => _positions.Value.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonPosition value) => _positions.Value.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, JsonPosition>> GetEnumerator() => _positions.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
