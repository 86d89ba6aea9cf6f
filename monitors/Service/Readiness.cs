namespace CustomerData.Monitors.Service;

/// <summary>
/// What keeps the service from doing its whole job while it still runs (a rejected checks.json, blocked delivery):
/// each problem under its own key, set and cleared by whoever owns it. `/readyz` answers 503 with every problem.
/// </summary>
internal sealed class Readiness
{
    private readonly object _gate = new();
    private readonly List<KeyValuePair<string, string>> _problems = [];

    /// <summary>The problems now set, in the order they were first raised.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems.Select(p => p.Value)];
            }
        }
    }

    /// <summary>Raises (or restates) the problem kept under this key.</summary>
    public void Set(string key, string problem)
    {
        lock (_gate)
        {
            var index = _problems.FindIndex(p => p.Key == key);
            if (index < 0)
            {
                _problems.Add(new(key, problem));
            }
            else
            {
                _problems[index] = new(key, problem);
            }
        }
    }

    /// <summary>Clears the problem kept under this key, if any.</summary>
    public void Clear(string key)
    {
        lock (_gate)
        {
            _problems.RemoveAll(p => p.Key == key);
        }
    }
}
