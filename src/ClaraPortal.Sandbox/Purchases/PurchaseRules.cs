using System.Globalization;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using static ClaraPortal.Sandbox.Errors.ErrorCodes;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>The template rules a submit or an update must meet (422 business codes, see ErrorCodes).</summary>
internal static class PurchaseRules
{
    public const int MaxReferenceLength = 50;

    public static IEnumerable<RuleViolation> Amount(decimal amount, TemplateDto template)
    {
        if (amount <= 0)
        {
            yield return new(AmountNotPositive, "amount", "must be > 0", "Amount must be greater than zero");
            yield break;
        }

        if (amount.Scale > 2 && amount != Math.Round(amount, 2))
        {
            yield return new(AmountPrecision, "amount", "at most 2 decimals", "Amount has more than two decimals");
        }

        if (amount > template.MaxAmount)
        {
            yield return new(AmountAboveMaximum, "amount",
                $"must be <= {template.MaxAmount.ToString("0.00", CultureInfo.InvariantCulture)}", "Threshold exceeds company limit");
        }
    }

    public static IEnumerable<RuleViolation> Currency(string currency, TemplateDto template)
    {
        if (!template.AllowedCurrencies.Contains(currency, StringComparer.Ordinal))
        {
            yield return new(CurrencyNotAllowed, "currency",
                $"must be one of {string.Join(", ", template.AllowedCurrencies)}", "Currency not allowed by the template");
        }
    }

    /// <summary>validFrom (when given) and validTo within the template's validity window counted from today.</summary>
    public static IEnumerable<RuleViolation> Validity(DateOnly? validFrom, DateOnly validTo, TemplateDto template, DateOnly today)
    {
        var earliest = today.AddDays(-1); // one day of slack for clients west of UTC
        var latest = today.AddDays(template.ValidityDays);
        if (validFrom is { } from)
        {
            if (from > validTo)
            {
                yield return new(ValidFromAfterValidTo, "validFrom", "must be on or before validTo", "validFrom is after validTo");
            }

            if (from < earliest || from > latest)
            {
                yield return new(OutsideValidityWindow, "validFrom", $"must be between {Iso(today)} and {Iso(latest)}",
                    "Dates outside the template validity");
            }
        }

        if (validTo < earliest || validTo > latest)
        {
            yield return new(OutsideValidityWindow, "validTo", $"must be between {Iso(today)} and {Iso(latest)}",
                "Dates outside the template validity");
        }
    }

    public static IEnumerable<RuleViolation> Supplier(SupplierDto supplier, TemplateDto template)
    {
        if (template.PurchaseTypes.Count > 0 && !template.PurchaseTypes.Any(p => p.Mcc == supplier.Mcc))
        {
            yield return new(MccNotAllowed, "supplierId",
                $"supplier MCC {supplier.Mcc} is not allowed by the template", "Supplier category not allowed by the template");
        }
    }

    public static IEnumerable<RuleViolation> Reference(string? reference)
    {
        if (reference is { Length: > MaxReferenceLength })
        {
            yield return new(ReferenceTooLong, "reference", $"at most {MaxReferenceLength} characters", "Reference too long");
        }
    }

    public static IEnumerable<RuleViolation> CustomFields(IReadOnlyList<CustomFieldValueDto> values, TemplateDto template)
    {
        var byName = values
            .Where(v => v.Name is not null)
            .GroupBy(v => v.Name!.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);

        foreach (var unknown in byName.Keys.Where(name => !template.CustomFields.Any(f => Same(f.Name, name))))
        {
            yield return new(CustomFieldUnknown, Field(unknown), "not defined by the template", "Unknown custom field");
        }

        foreach (var definition in template.CustomFields)
        {
            var value = byName.GetValueOrDefault(definition.Name);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (definition.Required == "Y")
                {
                    yield return new(CustomFieldRequired, Field(definition.Name), "is required", "Required custom field missing");
                }

                continue;
            }

            if (value.Length > definition.MaxLength)
            {
                yield return new(CustomFieldTooLong, Field(definition.Name), $"at most {definition.MaxLength} characters",
                    "Custom field too long");
            }

            if (TypeIssue(definition, value) is { } issue)
            {
                yield return new(CustomFieldWrongType, Field(definition.Name), issue, "Custom field of the wrong type");
            }
        }
    }

    private static string? TypeIssue(CustomFieldDto definition, string value)
    {
        if (definition.Options is { Count: > 0 } options)
        {
            return options.Contains(value, StringComparer.Ordinal) ? null : $"must be one of {string.Join(", ", options)}";
        }

        return definition.DataType switch
        {
            "Numeric" => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                ? null : "must be a number (digits and an optional decimal point)",
            "Date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? null : "must be a date yyyy-MM-dd",
            _ => value.Any(char.IsControl) ? "must not contain control characters" : null,
        };
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Field(string name) => $"customFields[{name}]";

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
