using ClaraPortal.Web.Data.Entities;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>How a card is named on screen once issued: brand and last four, never more.</summary>
public static class CardDisplay
{
    public static string Masked(string? last4) => string.IsNullOrEmpty(last4) ? "••••" : $"•••• {last4}";

    /// <summary>"Visa •••• 1234"; just the last four for rows recorded before the brand was kept.</summary>
    public static string Named(string? brand, string? last4) => string.IsNullOrWhiteSpace(brand) ? Masked(last4) : $"{brand} {Masked(last4)}";

    /// <summary>
    /// What can still be spent as far as the portal's records go. A closed card (cancelled, expired,
    /// exhausted) has nothing left whatever was last stored: Clara gives the rest back to the RCN.
    /// </summary>
    public static decimal? Available(CardPurchaseStatus status, decimal? stored) =>
        status is CardPurchaseStatus.Cancelled or CardPurchaseStatus.Expired or CardPurchaseStatus.Exhausted ? 0m : stored;
}
