using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Whether the purchase Clara returns for a row's Clara id is the card that row recorded. Ids can be handed out again
/// (a sandbox that lost its state, a wrong tenant in the settings): then an old row would show, reveal or change
/// someone else's card. What a card never changes after issue must agree: funding card, template, start date,
/// currency, reference and the last four digits.
/// </summary>
public static class CardIdentity
{
    public static bool Matches(CardPurchase row, Purchase clara)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(clara);
        return row.FundingCardId == clara.RcnId
            && row.TemplateId == clara.TemplateId
            && row.ValidFrom == clara.ValidFrom
            && string.Equals(row.Currency, clara.Currency, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Normalize(row.Reference), Normalize(clara.Reference), StringComparison.Ordinal)
            && (row.Last4 is null || clara.Last4 is null || string.Equals(row.Last4, clara.Last4, StringComparison.Ordinal));
    }

    private static string Normalize(string? reference) => string.IsNullOrWhiteSpace(reference) ? "" : reference.Trim();
}
