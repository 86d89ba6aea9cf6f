namespace CustomerData.Tests.Soak;

/// <summary>Everything a soak saw: its processes, the stores it left, what the webhook received, what it injected.</summary>
internal sealed record SoakObservations(
    SoakSettings Settings,
    string Directory,
    DateTimeOffset Started,
    DateTimeOffset ChaosEnded,
    DateTimeOffset Ended,
    IReadOnlyList<ProcessLife> Processes,
    IReadOnlyList<HistoryRow> History,
    IReadOnlyList<OutboxRow> Outbox,
    IReadOnlyList<WebhookRequest> Requests,
    IReadOnlyDictionary<EditKind, int> Edits,
    int WarehouseRewrites,
    int RateLimitStorms,
    bool FinalDeliveryDrained);
