using ClaraPortal.Sandbox.Contract;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>
/// The seeded templates. The first one is the easy path: MXN (or USD), up to 250,000, any MCC,
/// 365 days, no required custom field. The others exercise the rules: MCC lists, single use,
/// recurring, velocity, currencies, and custom fields of every type, required or not.
/// </summary>
internal static class TemplateSeeds
{
    private const string Alphanumeric = "Alphanumeric";
    private const string Numeric = "Numeric";
    private const string DateType = "Date";
    private const string Text = "Text";
    private const string List = "List";

    private static readonly ControlDto Validity = new("VA", "Validity");

    private static RuleDto Rules(int maxTransactions, string period) =>
        new(null, null, [Validity, new ControlDto("VL", "Velocity", maxTransactions, period)]);

    private static CustomFieldDto Field(string name, int maxLength, string displayType, string dataType, bool required,
        params string[] options) =>
        new(name, maxLength, displayType, dataType, required ? "Y" : "N", options.Length > 0 ? options : null);

    public static readonly IReadOnlyList<TemplateDto> Owner =
    [
        new(50631000000101, "Compras Generales", "Everyday purchases from any supplier", "PC", false,
            PurchaseTypes: [],
            Rules: [Rules(50, "MONTH")],
            CustomFields:
            [
                Field("Project Code", 20, Text, Alphanumeric, required: false),
                Field("Cost Center", 6, Text, Numeric, required: false),
            ],
            Currency: "MXN", AllowedCurrencies: ["MXN", "USD"], MaxAmount: 250_000.00m, ValidityDays: 365, Usage: UsageMulti),

        new(50631000000102, "Clara Hotels", "Group for hotels and travel", "PC", false,
            MerchantCategories.PurchaseTypes("3501", "3504", "3509", "7011", "4511", "3000", "4722", "7512", "3357"),
            [Rules(1, "DAY")],
            [
                Field("Purchase Type", 69, List, Alphanumeric, required: true, "Hotel", "Airfare", "Car Rental", "Travel Agency"),
                Field("Traveler Name", 60, Text, Alphanumeric, required: true),
                Field("Trip Date", 10, DateType, DateType, required: true),
                Field("Trip Reason", 120, Text, Alphanumeric, required: false),
            ],
            "MXN", ["MXN", "USD"], 50_000.00m, 30, UsageSingle),

        new(50631000000103, "Software y SaaS", "Software subscriptions billed monthly", "PC", false,
            MerchantCategories.PurchaseTypes("7372", "5734", "4816"),
            [Rules(5, "MONTH")],
            [
                Field("Cost Center", 6, Text, Numeric, required: true),
                Field("Contract Number", 20, Text, Alphanumeric, required: false),
                Field("Renewal Date", 10, DateType, DateType, required: false),
            ],
            "USD", ["USD", "MXN"], 10_000.00m, 365, UsageRecurring),

        new(50631000000104, "Publicidad Digital", "Advertising and marketing campaigns", "PC", false,
            MerchantCategories.PurchaseTypes("7311", "4816"),
            [Rules(20, "MONTH")],
            [
                Field("Campaign", 40, Text, Alphanumeric, required: true),
                Field("Channel", 20, List, Alphanumeric, required: true, "Search", "Social", "Display", "Video"),
                Field("Budget Line", 8, Text, Numeric, required: false),
            ],
            "MXN", ["MXN"], 100_000.00m, 60, UsageMulti),

        new(50631000000105, "Pago Único a Proveedor", "One-off payment of a supplier invoice", "PC", false,
            MerchantCategories.PurchaseTypes("5045", "5111", "5943", "5021", "5085", "8999", "8111", "8931", "7399"),
            [Rules(1, "DAY")],
            [
                Field("Invoice Number", 12, Text, Alphanumeric, required: true),
                Field("Invoice Date", 10, DateType, DateType, required: true),
                Field("Approved Amount", 12, Text, Numeric, required: false),
            ],
            "MXN", ["MXN"], 20_000.00m, 15, UsageSingle),

        new(50631000000106, "Suscripciones Internacionales", "Foreign subscriptions paid in dollars", "PC", true,
            MerchantCategories.PurchaseTypes("7372", "4814", "4816", "5734"),
            [Rules(3, "MONTH")],
            [
                Field("Department", 20, List, Alphanumeric, required: true, "Finance", "IT", "Marketing", "Operations"),
                Field("Owner Email", 80, Text, Alphanumeric, required: false),
            ],
            "USD", ["USD"], 5_000.00m, 180, UsageRecurring),
    ];

    public static readonly IReadOnlyList<TemplateDto> Subsidiary =
    [
        new(50631000000201, "Servicios Generales", "Subsidiary everyday purchases", "PC", false,
            [],
            [Rules(30, "MONTH")],
            [Field("Cost Center", 6, Text, Numeric, required: false)],
            "MXN", ["MXN", "USD"], 150_000.00m, 180, UsageMulti),

        new(50631000000202, "Servicios Viajes", "Subsidiary travel, one card per trip", "PC", false,
            MerchantCategories.PurchaseTypes("3501", "3504", "3509", "7011", "4511", "3000", "4722"),
            [Rules(1, "DAY")],
            [
                Field("Traveler Name", 60, Text, Alphanumeric, required: true),
                Field("Trip Date", 10, DateType, DateType, required: false),
            ],
            "MXN", ["MXN"], 40_000.00m, 30, UsageSingle),
    ];
}
