namespace CustomerData.Testing;

/// <summary>In the benchmarks, a missing browser fails the item that needs it.</summary>
internal sealed partial class HeadlessChromium
{
    public static string Executable() =>
        Installed() ?? throw new InvalidOperationException("chromium is not installed (tests/install-services.sh installs it)");
}
