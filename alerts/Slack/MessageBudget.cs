namespace CustomerData.Alerts.Slack;

/// <summary>
/// How many characters each piece of a message may take, so the structure (header, mention, reproduce query,
/// runbook) always fits within Block Kit's limits and only the long free text (the error) is cut.
/// </summary>
public static class MessageBudget
{
    /// <summary>The check's message (an error can be 10 KB): its section keeps 1,000 characters for icon and mention.</summary>
    public const int Message = 2_000;

    /// <summary>The reproduce query inside its code block.</summary>
    public const int Query = 1_500;

    /// <summary>A failed-row sample's section: header and table, whole rows only.</summary>
    public const int Sample = 1_500;

    /// <summary>Observed and expected values, a description, a runbook link, a filter: short text from data or config.</summary>
    public const int Field = 500;

    /// <summary>Owner, tags and other names.</summary>
    public const int Name = 200;

    /// <summary>Observed and expected values in one digest entry.</summary>
    public const int DigestField = 200;

    /// <summary>Digest entries described one per section, at most.</summary>
    public const int DigestEntries = 20;

    /// <summary>Characters of digest entries (described or named) per message.</summary>
    public const int DigestText = 8_000;

    /// <summary>Characters of check names in one compact section of a digest.</summary>
    public const int DigestNames = 2_600;
}
