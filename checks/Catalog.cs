using CustomerData.Checks.Definitions;
using CustomerData.Checks.Engine;
using CustomerData.Checks.Kinds;
using CustomerData.Checks.Sources;
using CustomerData.Checks.Sources.BigQuery;
using CustomerData.Checks.Sources.DuckDb;
using CustomerData.Checks.Sources.DynamoDb;
using CustomerData.Checks.Sources.Postgres;

namespace CustomerData.Checks;

/// <summary>The registered check kinds and source types; adding one is a new folder plus one line here.</summary>
public sealed class Catalog(IReadOnlyList<ICheckKind> checkKinds, IReadOnlyList<ISourceKind> sourceKinds)
{
    public static Catalog Default { get; } = new(
        [new FreshnessKind(), new VolumeKind(), new NullRateKind(), new SchemaKind(), new SqlKind(), new Kinds.Reconciliation.ReconciliationKind(), new UniquenessKind(), new ValidityKind()],
        [new DuckDbSourceKind(), new BigQuerySourceKind(), new DynamoDbSourceKind(), new PostgresSourceKind()]);

    public IReadOnlyList<ICheckKind> CheckKinds { get; } = checkKinds;

    public IReadOnlyList<ISourceKind> SourceKinds { get; } = sourceKinds;

    public ICheckKind CheckKindOf(CheckDefinition check) => CheckKinds.First(kind => kind.DefinitionType == check.GetType());

    public ISourceKind SourceKindOf(SourceDefinition source) => SourceKinds.First(kind => kind.DefinitionType == source.GetType());
}
