using System.Globalization;
using System.Text;
using Bogus;
using ClaraPortal.Sandbox.Contract;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>
/// Deterministic suppliers: well-known merchants first, then generated Mexican (about two thirds)
/// and international companies whose names fit their MCC, with RFC-like or national tax ids.
/// A fixed seed per company gives the same catalog on every start, so ids in a demo stay valid.
/// </summary>
internal static class SupplierGenerator
{
    private static readonly (string Name, string TaxId, string Mcc, string Country)[] WellKnown =
    [
        ("Amazon Web Services EMEA SARL", "LU26375245", "7372", "LU"),
        ("Google Cloud México, S. de R.L. de C.V.", "GCM170801QZ4", "4816", "MX"),
        ("Microsoft México, S. de R.L. de C.V.", "MME910620Q85", "5734", "MX"),
        ("Aerovías de México, S.A. de C.V.", "AME880912I89", "4511", "MX"),
        ("United Airlines, Inc.", "36-2675207", "3000", "US"),
        ("Holiday Inn Express Santa Fe", "HIE051017TB2", "3501", "MX"),
        ("Hilton Reforma Ciudad de México", "HRC030512K61", "3504", "MX"),
        ("Marriott International, Inc.", "52-2055918", "3509", "US"),
        ("Hertz Rent A Car México", "HRM990401RS7", "3357", "MX"),
        ("Uber México Technology & Software", "UMT140327LA3", "4121", "MX"),
        ("Office Depot de México, S.A. de C.V.", "ODM950324V2A", "5943", "MX"),
        ("Radiomóvil Dipsa, S.A. de C.V. (Telcel)", "RDI841003QJ4", "4814", "MX"),
        ("Salesforce, Inc.", "94-3320693", "7372", "US"),
        ("Adobe Systems Software Ireland Ltd", "IE6364992H", "5734", "IE"),
        ("Zoom Video Communications, Inc.", "61-1648780", "4816", "US"),
        ("Meta Platforms Ireland Ltd", "IE9692928F", "7311", "IE"),
        ("DHL Express México, S.A. de C.V.", "DEM8801152E9", "4215", "MX"),
        ("Viajes El Corte Inglés, S.A.", "ESA28229813", "4722", "ES"),
    ];

    private static readonly (string Locale, string Country, string[] Suffixes)[] International =
    [
        ("en_US", "US", ["Inc.", "LLC", "Corp."]),
        ("en_CA", "CA", ["Ltd.", "Inc."]),
        ("es", "ES", ["S.L.", "S.A."]),
        ("de", "DE", ["GmbH", "AG"]),
        ("fr", "FR", ["SAS", "SARL"]),
        ("pt_BR", "BR", ["Ltda.", "S.A."]),
        ("es", "CO", ["S.A.S.", "Ltda."]),
    ];

    private static readonly string[] MexicanSuffixes =
        ["S.A. de C.V.", "S.A.P.I. de C.V.", "S. de R.L. de C.V.", "S.C.", "S.A.B. de C.V."];

    public static IReadOnlyList<SupplierDto> Generate(int seed, long firstId, int count)
    {
        var random = new Randomizer(seed);
        MerchantCategories.Category[] categories = [.. MerchantCategories.All];
        var mexican = new Faker("es_MX") { Random = random };
        var foreign = International.ToDictionary(i => i.Locale + i.Country, i => new Faker(i.Locale) { Random = random });
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var taxIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var suppliers = new List<SupplierDto>(count);

        foreach (var (name, taxId, mcc, country) in WellKnown.Take(count))
        {
            names.Add(name);
            taxIds.Add(taxId);
            suppliers.Add(new SupplierDto(firstId + suppliers.Count, name, taxId, mcc, country));
        }

        while (suppliers.Count < count)
        {
            var category = random.ArrayElement(categories);
            string name, taxId, country;
            if (random.Int(0, 2) < 2)
            {
                (name, taxId) = MexicanCompany(mexican, category);
                country = "MX";
            }
            else
            {
                var (locale, code, suffixes) = random.ArrayElement(International);
                (name, taxId) = ForeignCompany(foreign[locale + code], code, suffixes, category);
                country = code;
            }

            if (names.Add(name) && taxIds.Add(taxId))
            {
                suppliers.Add(new SupplierDto(firstId + suppliers.Count, name, taxId, category.Mcc, country));
            }
        }

        return suppliers;
    }

    private static (string Name, string TaxId) MexicanCompany(Faker faker, MerchantCategories.Category category)
    {
        var surname = faker.Name.LastName();
        var suffix = faker.Random.ArrayElement(MexicanSuffixes);
        var name = faker.Random.Int(0, 3) switch
        {
            0 => $"{category.SectorEs} {surname}, {suffix}",
            1 => $"Grupo {surname} {faker.Name.LastName()}, {suffix}",
            2 => $"{category.SectorEs} {faker.Address.City()}, {suffix}",
            _ => $"{surname} y Asociados {category.SectorEs}, {suffix}",
        };
        return (name, Rfc(faker, name));
    }

    private static (string Name, string TaxId) ForeignCompany(Faker faker, string country, string[] suffixes,
        MerchantCategories.Category category)
    {
        var suffix = faker.Random.ArrayElement(suffixes);
        var name = faker.Random.Bool()
            ? $"{faker.Name.LastName()} {category.SectorEn} {suffix}"
            : $"{faker.Name.LastName()} & {faker.Name.LastName()} {suffix}";
        var digits = faker.Random.ReplaceNumbers;
        var taxId = country switch
        {
            "US" => digits("##-#######"),
            "CA" => digits("#########RT0001"),
            "ES" => digits("ESB########"),
            "DE" => digits("DE#########"),
            "FR" => digits("FR###########"),
            "BR" => digits("##.###.###/0001-##"),
            _ => digits("9##.###.###-#"),
        };
        return (name, taxId);
    }

    private static readonly HashSet<string> SkippedWords = new(StringComparer.OrdinalIgnoreCase) { "de", "del", "la", "las", "los", "el", "y", "e" };

    /// <summary>
    /// An RFC of a legal person, the SAT way: initials of the first three words of the name without the
    /// company type (two words: first letter, then two letters of the second; one word: three letters),
    /// the founding date yyMMdd and a three-character homoclave.
    /// </summary>
    private static string Rfc(Faker faker, string name)
    {
        var words = name.Split(',')[0]
            .Split([' ', '-', '&'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !SkippedWords.Contains(w))
            .Select(Letters)
            .Where(w => w.Length > 0)
            .ToList();
        var letters = words.Count switch
        {
            >= 3 => string.Concat(words.Take(3).Select(w => w[0])),
            2 => words[0][..1] + words[1][..Math.Min(2, words[1].Length)],
            1 => words[0][..Math.Min(3, words[0].Length)],
            _ => "",
        };

        var founded = new DateOnly(1960, 1, 1).AddDays(faker.Random.Int(0, 23_000));
        var homoclave = faker.Random.String2(2, "ABCDEFGHJKLMNPQRSTUVWXYZ123456789") + faker.Random.String2(1, "0123456789A");
        return letters.PadRight(3, 'X') + founded.ToString("yyMMdd", CultureInfo.InvariantCulture) + homoclave;
    }

    /// <summary>The word in capitals without accents or punctuation (RFCs are plain A-Z).</summary>
    private static string Letters(string word)
    {
        var letters = new StringBuilder(word.Length);
        foreach (var c in word.Normalize(NormalizationForm.FormD))
        {
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
            {
                letters.Append(char.ToUpperInvariant(c));
            }
        }

        return letters.ToString();
    }
}
