using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// What the update dialog checks before asking the service, with Clara's rules for an update: the
/// template's maximum (B013), not below what was spent (B014), an end date within the template's
/// validity window from today (B004/B005), a supplier whose MCC the template admits (B006).
/// The service and Clara check again; this only puts the message next to the field sooner.
/// </summary>
public static class CardUpdateRules
{
    public static IReadOnlyList<IssueFieldError> Check(
        CardPurchase card,
        CardTemplateDefinition? template,
        Supplier? newSupplier,
        decimal? amount,
        DateOnly? validTo,
        DateOnly today,
        IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<IssueFieldError>();
        if (amount is { } value)
        {
            if (value <= 0m)
            {
                errors.Add(new(IssueFields.Amount, text["Cards.Update.AmountPositive"]));
            }
            else if (decimal.Round(value, 2) != value)
            {
                errors.Add(new(IssueFields.Amount, text["Cards.Update.AmountDecimals"]));
            }
            else if (template?.MaxAmount is { } max && value > max)
            {
                errors.Add(new(IssueFields.Amount, text["Cards.Update.AmountAboveMax", PortalFormatMoney(max, card.Currency)]));
            }
            else if (card.Spent is { } spent && value < spent)
            {
                errors.Add(new(IssueFields.Amount, text["Cards.Update.AmountBelowSpent", PortalFormatMoney(spent, card.Currency)]));
            }
        }

        if (validTo is { } to)
        {
            if (to < card.ValidFrom || to < today)
            {
                errors.Add(new(IssueFields.ValidTo, text["Cards.Update.ValidToTooEarly"]));
            }
            else if (template?.ValidityDays is { } days && to > today.AddDays(days))
            {
                errors.Add(new(IssueFields.ValidTo, text["Cards.Update.ValidToTooLate", Localization.PortalFormat.Date(today.AddDays(days))]));
            }
        }

        if (newSupplier is not null && template is { PurchaseTypes.Count: > 0 }
            && !template.PurchaseTypes.Any(p => string.Equals(p.Mcc, newSupplier.Mcc, StringComparison.Ordinal)))
        {
            errors.Add(new(IssueFields.Supplier, text["Cards.Update.SupplierMcc", newSupplier.Mcc ?? "—"]));
        }

        return errors;
    }

    private static string PortalFormatMoney(decimal amount, string currency) => Localization.PortalFormat.Money(amount, currency);
}
