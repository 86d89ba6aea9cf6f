using System.Text.Json;
using CustomerData.Monitors.Report;

namespace CustomerData.Tests.Report;

/// <summary>The report's data block: strings that cannot end or change the script element, and read back unchanged.</summary>
[TestClass]
public sealed class ScriptJsonTests
{
    [TestMethod]
    [DataRow("</script><script>alert(1)</script>")]
    [DataRow("<!-- <script> -->")]
    [DataRow("quote \" backslash \\ slash / tab \t cr \r lf \n nul \0 bell \u0007")]
    [DataRow("line \u2028 paragraph \u2029 é ü 漢字 😀")]
    [DataRow("&lt;b&gt; stays &amp; as written")]
    [DataRow("")]
    public void Writes_a_literal_without_a_less_than_sign_that_reads_back_unchanged(string text)
    {
        using var writer = new StringWriter();
        ScriptJson.String(writer, text);
        var literal = writer.ToString();

        Assert.IsFalse(literal.Contains('<', StringComparison.Ordinal), literal);
        Assert.IsFalse(literal.Any(c => c < ' ' || c is '\u2028' or '\u2029'), literal);
        Assert.AreEqual(text, JsonSerializer.Deserialize<string>(literal));
    }

    [TestMethod]
    public void Leaves_entities_readable()
    {
        using var writer = new StringWriter();
        ScriptJson.String(writer, "<p class=\"description\">Orders &lt;script&gt; &amp; &quot;quoted&quot;</p>");
        Assert.AreEqual("\"\\u003cp class=\\\"description\\\">Orders &lt;script&gt; &amp; &quot;quoted&quot;\\u003c/p>\"", writer.ToString());
    }
}
