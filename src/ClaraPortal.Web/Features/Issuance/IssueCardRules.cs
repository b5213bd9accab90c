using System.Globalization;
using CustomFieldValue = ClaraPortal.Clara.CustomFieldValue;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>The cached catalog entries a request points at; null when the id is not (or no longer) in the cache.</summary>
public sealed record IssueCardCatalog(CardTemplate? Template, FundingCard? FundingCard, Supplier? Supplier);

/// <summary>First and last day a card may be valid under a template, counted from today (UTC, like Clara).</summary>
public sealed record ValidityWindow(DateOnly Earliest, DateOnly Latest)
{
    public bool Contains(DateOnly date) => date >= Earliest && date <= Latest;
}

/// <summary>
/// Clara's submit and update rules (the contract's 422 list), checked before anything is sent so the
/// form can show each message next to its field. Pure: the catalog entries and "today" come in as
/// arguments. The service runs the same checks, and Clara stays the final judge (its 422s are mapped
/// back onto the same fields by <see cref="ClaraErrorMapping"/>).
/// </summary>
public sealed class IssueCardRules(IStringLocalizer<SharedResource> localizer)
{
    /// <summary>Clara's limit on the reference (purchase order number).</summary>
    public const int ReferenceMaxLength = 50;

    /// <summary>Clara's limit on a cancel reason.</summary>
    public const int CancelReasonMaxLength = 200;

    public const int RevealReasonMaxLength = 500;

    public static DateOnly Today(TimeProvider timeProvider) => DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Clara accepts dates from yesterday (one day of slack for clients west of UTC) to today plus the
    /// template's validity days.
    /// </summary>
    public static ValidityWindow WindowFor(CardTemplateDefinition template, DateOnly today) =>
        new(today.AddDays(-1), today.AddDays(template.ValidityDays ?? 0));

    /// <summary>Currencies the template allows; its main currency when the list is empty.</summary>
    public static IReadOnlyList<string> CurrenciesOf(CardTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var allowed = template.ReadDefinition().AllowedCurrencies;
        return allowed.Count > 0 ? allowed : template.Currency is { } currency ? [currency] : [];
    }

    public IReadOnlyList<IssueFieldError> Validate(IssueCardRequest request, IssueCardCatalog catalog, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<IssueFieldError>();
        var template = catalog.Template;
        var definition = template?.ReadDefinition();

        if (template is null)
        {
            errors.Add(new(IssueFields.Template, L(request.TemplateId == 0 ? "Issue.Error.TemplateRequired" : "Issue.Error.TemplateUnknown")));
        }

        if (catalog.FundingCard is not { } rcn)
        {
            errors.Add(new(IssueFields.FundingCard, L(request.FundingCardId == 0 ? "Issue.Error.FundingCardRequired" : "Issue.Error.FundingCardUnknown")));
        }
        else if (!string.Equals(rcn.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(IssueFields.FundingCard, L("Issue.Error.FundingCardNotActive", rcn.Status ?? "?")));
        }

        if (catalog.Supplier is not { } supplier)
        {
            errors.Add(new(IssueFields.Supplier, L(request.SupplierId == 0 ? "Issue.Error.SupplierRequired" : "Issue.Error.SupplierUnknown")));
        }
        else if (definition is not null && SupplierError(supplier, definition) is { } supplierError)
        {
            errors.Add(supplierError);
        }

        errors.AddRange(AmountErrors(request.Amount, request.Currency, definition));
        if (definition is not null && errors.All(e => e.Field != IssueFields.Amount) && catalog.FundingCard is { } funding
            && IsActive(funding) && funding.AvailableCredit is { } available
            && string.Equals(funding.Currency, request.Currency, StringComparison.OrdinalIgnoreCase) && request.Amount > available)
        {
            // Only in the card's own currency: Clara converts other currencies at its own rate, so it judges those.
            errors.Add(new(IssueFields.Amount, L("Issue.Error.InsufficientCredit", PortalFormat.Money(available, funding.Currency))));
        }

        if (string.IsNullOrWhiteSpace(request.Currency))
        {
            errors.Add(new(IssueFields.Currency, L("Issue.Error.CurrencyRequired")));
        }
        else if (template is not null && CurrenciesOf(template) is { Count: > 0 } currencies
            && !currencies.Contains(request.Currency, StringComparer.Ordinal))
        {
            errors.Add(new(IssueFields.Currency, L("Issue.Error.CurrencyNotAllowed", string.Join(", ", currencies))));
        }

        if (definition is not null)
        {
            var window = WindowFor(definition, today);
            if (!window.Contains(request.ValidFrom))
            {
                errors.Add(new(IssueFields.ValidFrom, OutsideWindow(window, today)));
            }

            if (!window.Contains(request.ValidTo))
            {
                errors.Add(new(IssueFields.ValidTo, OutsideWindow(window, today)));
            }
        }

        if (request.ValidFrom > request.ValidTo)
        {
            errors.Add(new(IssueFields.ValidTo, L("Issue.Error.ValidToBeforeValidFrom")));
        }

        if (FreeText.Problem(request.Reference, ReferenceMaxLength) is { } referenceProblem)
        {
            errors.Add(new(IssueFields.Reference, referenceProblem.Message(localizer)));
        }

        if (definition is not null)
        {
            errors.AddRange(CustomFieldErrors(request.CustomFields, definition.CustomFields));
        }

        return errors;
    }

    /// <summary>A change to an issued card against its template: the limit, the new supplier and the new end date.</summary>
    public IReadOnlyList<IssueFieldError> ValidateUpdate(CardPurchase card, CardUpdate update, CardTemplate? template, Supplier? newSupplier, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(update);
        var errors = new List<IssueFieldError>();
        var definition = template?.ReadDefinition();
        if (update is { Amount: null, SupplierId: null, ValidTo: null })
        {
            errors.Add(new(IssueFields.Amount, L("Update.Error.NothingToChange")));
            return errors;
        }

        if (update.Amount is { } amount)
        {
            errors.AddRange(AmountErrors(amount, card.Currency, definition));
            if (card.Spent is { } spent && amount < spent)
            {
                errors.Add(new(IssueFields.Amount, L("Update.Error.AmountBelowSpent", PortalFormat.Money(spent, card.Currency))));
            }
        }

        if (update.SupplierId is not null)
        {
            if (newSupplier is null)
            {
                errors.Add(new(IssueFields.Supplier, L("Issue.Error.SupplierUnknown")));
            }
            else if (definition is not null && SupplierError(newSupplier, definition) is { } supplierError)
            {
                errors.Add(supplierError);
            }
        }

        if (update.ValidTo is { } validTo)
        {
            if (validTo < today)
            {
                // A card cannot be made to end in the past, whatever slack the issue window allows.
                errors.Add(new(IssueFields.ValidTo, L("Cards.Update.ValidToTooEarly")));
            }
            else if (definition is not null && WindowFor(definition, today) is var window && !window.Contains(validTo))
            {
                errors.Add(new(IssueFields.ValidTo, OutsideWindow(window, today)));
            }

            if (validTo < card.ValidFrom)
            {
                errors.Add(new(IssueFields.ValidTo, L("Issue.Error.ValidToBeforeValidFrom")));
            }
        }

        return errors;
    }

    /// <summary>Checks one custom field value against its definition; null when it is fine.</summary>
    public string? CustomFieldError(TemplateCustomField definition, string? value)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrWhiteSpace(value))
        {
            return definition.Required ? L("Issue.Error.Required") : null;
        }

        // Before the type checks: a card number is a valid Numeric value.
        if (FreeText.Problem(value, definition.MaxLength ?? int.MaxValue) is { } problem)
        {
            return problem.Message(localizer);
        }

        if (definition.Options is { Count: > 0 } options)
        {
            return options.Contains(value, StringComparer.Ordinal) ? null : L("Issue.Error.NotAnOption", string.Join(", ", options));
        }

        return definition.DataType switch
        {
            "Numeric" when !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                => L("Issue.Error.NotANumber"),
            "Date" when !DateOnly.TryParseExact(value, CustomFieldDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                => L("Issue.Error.NotADate"),
            _ => null,
        };
    }

    /// <summary>How Clara writes a Date custom field.</summary>
    public const string CustomFieldDateFormat = "yyyy-MM-dd";

    private IEnumerable<IssueFieldError> CustomFieldErrors(IReadOnlyList<CustomFieldValue> values, IReadOnlyList<TemplateCustomField> definitions)
    {
        var byName = values.GroupBy(v => v.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase);
        foreach (var unknown in byName.Keys.Where(name => !definitions.Any(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))))
        {
            yield return new(IssueFields.CustomField(unknown), L("Issue.Error.UnknownField"));
        }

        foreach (var definition in definitions)
        {
            if (CustomFieldError(definition, byName.GetValueOrDefault(definition.Name)) is { } message)
            {
                yield return new(IssueFields.CustomField(definition.Name), message);
            }
        }
    }

    private IEnumerable<IssueFieldError> AmountErrors(decimal amount, string? currency, CardTemplateDefinition? definition)
    {
        if (amount <= 0)
        {
            yield return new(IssueFields.Amount, L("Issue.Error.AmountNotPositive"));
            yield break;
        }

        if (AmountLimits.IsOutOfRange(amount))
        {
            // Before any other check: nothing past this may reach the money columns or Clara.
            yield return new(IssueFields.Amount, L("Issue.Error.AmountTooLarge", PortalFormat.Money(AmountLimits.Max, currency)));
            yield break;
        }

        if (AmountLimits.IsTooPrecise(amount, currency))
        {
            yield return new(IssueFields.Amount, AmountLimits.DecimalsOf(currency) == 0
                ? L("Issue.Error.AmountNoDecimals", currency ?? "")
                : L("Issue.Error.AmountDecimals"));
        }

        if (definition?.MaxAmount is { } max && amount > max)
        {
            yield return new(IssueFields.Amount, L("Issue.Error.AmountAboveMaximum", PortalFormat.Money(max, currency)));
        }
    }

    private IssueFieldError? SupplierError(Supplier supplier, CardTemplateDefinition definition) =>
        definition.PurchaseTypes.Count > 0 && !definition.PurchaseTypes.Any(p => p.Mcc == supplier.Mcc)
            ? new(IssueFields.Supplier, L("Issue.Error.SupplierMcc", supplier.Mcc ?? "?"))
            : null;

    private string OutsideWindow(ValidityWindow window, DateOnly today) =>
        L("Issue.Error.OutsideWindow", PortalFormat.Date(today), PortalFormat.Date(window.Latest));

    private static bool IsActive(FundingCard card) => string.Equals(card.Status, "ACTIVE", StringComparison.OrdinalIgnoreCase);

    /// <summary>One of the feature's localized messages (the service words its results with it too).</summary>
    public string Message(string key, params object[] arguments) => L(key, arguments);

    private string L(string key, params object[] arguments) => localizer[key, arguments].Value;
}
