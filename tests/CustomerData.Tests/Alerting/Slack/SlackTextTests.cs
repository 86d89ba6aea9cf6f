using CustomerData.Alerts.Slack;

namespace CustomerData.Tests.Alerting.Slack;

[TestClass]
public sealed class SlackTextTests
{
    [TestMethod]
    public void Escape_MakesMentionsAndFencesInert()
    {
        Assert.AreEqual(
            "&lt;!channel&gt; &lt;!here&gt; &lt;@U024BE7LH&gt; &lt;#C024BE7LR|general&gt; &amp; `\u200b`\u200b` `x`",
            SlackText.Escape("<!channel> <!here> <@U024BE7LH> <#C024BE7LR|general> & ``` `x`"));
    }

    [TestMethod]
    public void Escape_WithABudget_CutsWholeEntitiesAndCountsWhatIsLeft()
    {
        Assert.AreEqual(new string('a', 21) + "… [cut: 79 more characters]", SlackText.Escape(new string('a', 100), 49));
        Assert.AreEqual("&amp;&amp;&amp;&amp;… [cut: 96 more characters]", SlackText.Escape(new string('&', 100), 50));
        Assert.AreEqual("😀… [cut: 38 more characters]", SlackText.Escape(string.Concat(Enumerable.Repeat("😀", 20)), 30), "never half a surrogate pair");
        Assert.AreEqual("short & sweet".Replace("&", "&amp;", StringComparison.Ordinal), SlackText.Escape("short & sweet", 17));
    }

    [TestMethod]
    public void Code_NeverOpensOrClosesTheFenceAroundIt()
    {
        Assert.AreEqual("\u200b`a`\u200b", SlackText.Code("`a`", 100));
        Assert.AreEqual("x`\u200b`\u200b`y", SlackText.Code("x```y", 100));
        Assert.AreEqual(new string('q', 8) + "\n-- [cut: 92 more characters]", SlackText.Code(new string('q', 100), 40));
    }
}
