namespace ClaraPortal.Sandbox.Catalog;

/// <summary>Real merchant category codes (ISO 18245) the seed uses, with the words a supplier's name takes from them.</summary>
internal static class MerchantCategories
{
    public sealed record Category(string Mcc, string Description, string SectorEs, string SectorEn);

    public static readonly IReadOnlyList<Category> All =
    [
        new("3000", "UNITED AIRLINES", "Aerolíneas", "Airlines"),
        new("3357", "HERTZ", "Renta de Autos", "Car Rental"),
        new("3501", "HOLIDAY INNS", "Hoteles", "Hotels"),
        new("3504", "HILTON HOTELS", "Hoteles", "Hotels"),
        new("3509", "MARRIOTT", "Hoteles", "Hotels"),
        new("4121", "TAXICABS AND LIMOUSINES", "Transportes", "Transportation"),
        new("4215", "COURIER SERVICES", "Mensajería", "Logistics"),
        new("4511", "AIRLINES AND AIR CARRIERS", "Aerolíneas", "Air"),
        new("4722", "TRAVEL AGENCIES", "Viajes", "Travel"),
        new("4814", "TELECOMMUNICATION SERVICES", "Telecomunicaciones", "Telecom"),
        new("4816", "COMPUTER NETWORK SERVICES", "Redes", "Cloud Services"),
        new("4900", "UTILITIES", "Servicios Públicos", "Utilities"),
        new("5021", "OFFICE AND COMMERCIAL FURNITURE", "Mobiliario", "Furniture"),
        new("5045", "COMPUTERS AND PERIPHERALS", "Computación", "Computers"),
        new("5047", "MEDICAL AND HOSPITAL EQUIPMENT", "Equipo Médico", "Medical Supply"),
        new("5085", "INDUSTRIAL SUPPLIES", "Suministros Industriales", "Industrial Supply"),
        new("5111", "STATIONERY AND OFFICE SUPPLIES", "Papelería", "Office Supply"),
        new("5541", "SERVICE STATIONS", "Gasolineras", "Fuel"),
        new("5734", "COMPUTER SOFTWARE STORES", "Software", "Software"),
        new("5812", "EATING PLACES AND RESTAURANTS", "Restaurantes", "Restaurants"),
        new("5943", "STATIONERY STORES", "Papelerías", "Stationery"),
        new("7011", "HOTELS AND MOTELS", "Hoteles y Posadas", "Lodging"),
        new("7311", "ADVERTISING SERVICES", "Publicidad", "Advertising"),
        new("7349", "CLEANING AND MAINTENANCE", "Limpieza", "Facility Services"),
        new("7372", "COMPUTER PROGRAMMING AND DATA PROCESSING", "Sistemas", "Software"),
        new("7399", "BUSINESS SERVICES", "Servicios Empresariales", "Business Services"),
        new("7512", "AUTOMOBILE RENTAL AGENCY", "Arrendadora de Autos", "Car Rental"),
        new("8111", "LEGAL SERVICES AND ATTORNEYS", "Abogados", "Legal"),
        new("8931", "ACCOUNTING AND AUDITING", "Contadores", "Accounting"),
        new("8999", "PROFESSIONAL SERVICES", "Consultoría", "Consulting"),
    ];

    public static readonly IReadOnlyDictionary<string, Category> ByMcc = All.ToDictionary(c => c.Mcc);

    public static IReadOnlyList<Contract.PurchaseTypeDto> PurchaseTypes(params string[] mccs) =>
        [.. mccs.Select(m => new Contract.PurchaseTypeDto(m, ByMcc[m].Description))];
}
