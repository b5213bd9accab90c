using ClaraPortal.Web.Localization;

namespace ClaraPortal.Web.Features.Cards;

public enum RevealRefusal
{
    /// <summary>The password was not typed recently enough: sign in again, then reveal.</summary>
    SignInAgain,

    /// <summary>The user has revealed as many cards as the window allows.</summary>
    TooMany,

    /// <summary>Only an active card's number is shown (a cancelled or expired one is of no use, and still a card number).</summary>
    NotActive,
}

/// <summary>A reveal the service refused before Clara was asked, for a reason the user reads in their language.</summary>
public sealed class RevealRefusedException(RevealRefusal reason, params object[] arguments)
    : InvalidOperationException($"Reveal refused: {reason}."), ILocalizedRefusal
{
    public RevealRefusal Reason { get; } = reason;

    public string MessageKey => $"Cards.Reveal.Refused.{Reason}";

    public IReadOnlyList<object> MessageArguments { get; } = arguments;
}
