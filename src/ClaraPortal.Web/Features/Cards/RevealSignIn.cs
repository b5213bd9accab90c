using ClaraPortal.Web.Security;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// Whether the user typed their password recently enough to see a card number, and where to send them to type it again.
/// The session may be hours old and the screen left unlocked: a full number and CVV ask for the person, not the cookie.
/// </summary>
public sealed class RevealSignIn(IOptions<CardRevealOptions> options, TimeProvider time)
{
    public bool IsRecent(CurrentUserInfo user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // A provider that sends no auth_time gets the same answer as an old sign-in: ask again (it is asked for with
        // max_age, which obliges a provider to send it).
        return user.SignedInAt is { } signedInAt && time.GetUtcNow() - signedInAt <= options.Value.SignInWithin;
    }

    /// <summary>The service's check: refuses with <see cref="RevealRefusal.SignInAgain"/> unless the sign-in is recent.</summary>
    public void Demand(CurrentUserInfo user)
    {
        if (!IsRecent(user))
        {
            throw new RevealRefusedException(RevealRefusal.SignInAgain);
        }
    }

    /// <summary>The address that signs the user in again at the provider and then opens <paramref name="returnUrl"/>.</summary>
    public static string SignInAgainUrl(string returnUrl) => $"{SignInAgainEndpoint.Path}?returnUrl={Uri.EscapeDataString(returnUrl)}";
}
