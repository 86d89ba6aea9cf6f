namespace CustomerData.Monitors.Service;

/// <summary>
/// What keeps the service from doing its whole job while it still runs (a rejected checks.json, blocked delivery):
/// each problem under its own key, set and cleared by whoever owns it. `/readyz` answers 503 with every problem.
/// </summary>
internal sealed class Readiness(Func<IEnumerable<string>>? live = null)
{
    private readonly object _gate = new();
    private readonly List<KeyValuePair<string, string>> _problems = [];

    /// <summary>The problems now set, in the order they were first raised, then the live ones (such as messages that
    /// wait for an unset webhook variable), read at each probe so they clear as soon as their cause does.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            List<string> problems;
            lock (_gate)
            {
                problems = [.. _problems.Select(p => p.Value)];
            }

            return [.. problems, .. live?.Invoke() ?? []];
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

    /// <summary>The problem kept under this key, or null.</summary>
    public string? Get(string key)
    {
        lock (_gate)
        {
            return _problems.Find(p => p.Key == key).Value;
        }
    }

    /// <summary>A failure as one line of a problem: an infrastructure failure's operator line, or the error's type and first line.</summary>
    public static string Reason(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is Composition.InfrastructureException known
            ? $"{known.What}, {known.Where}: {known.Check}"
            : $"{error.GetType().Name}: {error.Message.Split('\n')[0].TrimEnd()}";
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
