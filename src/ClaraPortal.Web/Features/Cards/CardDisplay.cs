namespace ClaraPortal.Web.Features.Cards;

/// <summary>How a card is named on screen once issued: brand and last four, never more.</summary>
public static class CardDisplay
{
    public static string Masked(string? last4) => string.IsNullOrEmpty(last4) ? "••••" : $"•••• {last4}";
}
