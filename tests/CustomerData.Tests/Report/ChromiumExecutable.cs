using CustomerData.Tests.TestSupport;

namespace CustomerData.Testing;

/// <summary>In the tests, a missing browser skips the test (fails it under CUSTOMERDATA_REQUIRE_SERVICES=1).</summary>
internal sealed partial class HeadlessChromium
{
    public static string Executable()
    {
        if (Installed() is { } found)
        {
            return found;
        }

        RequiredService.Missing("chromium is not installed (tests/install-services.sh installs Debian's chromium package)");
        return string.Empty;
    }
}
