namespace ClaraPortal.Benchmarks.Support;

/// <summary>Seeded sandbox ids of the easy path: any supplier, MXN, up to 250,000 a card.</summary>
public static class KnownIds
{
    /// <summary>"Compras Generales": no required custom field, any MCC.</summary>
    public const long EasyTemplate = 50631000000101;

    /// <summary>"Clara Card Black", MXN, 5,000,000 credit.</summary>
    public const long MxnRcn = 38105000000101;

    public const long Supplier = 47401000000001;
}
