using System.Reflection;
using System.Runtime.CompilerServices;

namespace CustomerData.Tests;

[TestClass]
public sealed class ConventionTests
{
    [TestMethod]
    public void NoAsyncVoidMethods_InProductAssemblies()
    {
        var assemblies = new[] { typeof(Checks.Catalog).Assembly, typeof(Alerts.DogStatsd.DogStatsdService).Assembly, typeof(Monitors.Cli.CliApp).Assembly };

        var asyncVoid = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.GetCustomAttribute<AsyncStateMachineAttribute>() is not null)
            .Select(m => $"{m.DeclaringType}.{m.Name}")
            .ToList();

        Assert.IsEmpty(asyncVoid, "async void swallows exceptions and cannot be awaited: " + string.Join(", ", asyncVoid));
    }
}
