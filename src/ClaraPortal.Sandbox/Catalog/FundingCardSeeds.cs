using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>
/// The seeded RCNs. Besides the everyday MXN and USD cards there is a BLOCKED card (B010) and one
/// with little credit left (B011), so every funding rule can be exercised.
/// </summary>
internal static class FundingCardSeeds
{
    public static readonly IReadOnlyList<FundingCard> Owner =
    [
        new(38105000000101, "Clara Card Black", "4821", "MXN", 5_000_000.00m, StatusActive),
        new(38105000000102, "Clara Corporate USD", "7713", "USD", 250_000.00m, StatusActive),
        new(38105000000103, "Tarjeta Viajes (bloqueada)", "3390", "MXN", 800_000.00m, StatusBlocked),
        new(38105000000104, "Caja Chica Operaciones", "0457", "MXN", 5_000.00m, StatusActive),
    ];

    public static readonly IReadOnlyList<FundingCard> Subsidiary =
    [
        new(38105000000201, "Servicios Card MXN", "6602", "MXN", 1_000_000.00m, StatusActive),
        new(38105000000202, "Servicios Card USD", "1185", "USD", 60_000.00m, StatusActive),
    ];
}
