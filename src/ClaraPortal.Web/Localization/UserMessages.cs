using System.Net.Sockets;
using ClaraPortal.Clara;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Localization;

/// <summary>
/// The one place an exception becomes what the user reads, in their language. The pages catch, log, and ask here;
/// none of them words a failure itself. Lower layers' messages (SQLite's, the HTTP stack's, the services' English
/// argument checks) are for the logs and never shown: only Clara's own <see cref="ClaraApiException.ClaraMessage"/>,
/// which Clara writes for people, reaches the screen as it came.
/// </summary>
public static class UserMessages
{
    /// <summary>Said when nothing more specific is known and the caller has no sentence of its own.</summary>
    public const string GenericKey = "Errors.Generic";

    public const string NotAllowedKey = "Errors.NotAllowed";

    /// <summary>What to tell the user about <paramref name="exception"/>.</summary>
    /// <param name="failedKey">
    /// The operation's own failure sentence (e.g. <c>Cards.Update.Failed</c>), said for an exception of no known kind;
    /// <see cref="GenericKey"/> when null.
    /// </param>
    /// <param name="notAllowedKey">The operation's own "your role cannot" sentence; <see cref="NotAllowedKey"/> when null.</param>
    public static string For(Exception exception, IStringLocalizer localizer, string? failedKey = null, string? notAllowedKey = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(localizer);
        var text = exception switch
        {
            ILocalizedRefusal refusal => localizer[refusal.MessageKey, [.. refusal.MessageArguments]],
            AccessDeniedException => localizer[notAllowedKey ?? NotAllowedKey],
            ClaraOutcomeUnknownException => localizer["Errors.OutcomeUnknown"],
            ClaraApiException clara => FromClara(clara, localizer),
            HttpRequestException or TimeoutException or SocketException => localizer["Errors.ClaraUnreachable"],
            KeyNotFoundException => localizer["Errors.NotFound"],
            // The services' argument checks are the last line behind the forms' own rules: their English text is
            // for the log, the user gets the same kind of sentence in their language.
            ArgumentException => localizer["Errors.Invalid"],
            DbUpdateConcurrencyException => localizer["Errors.ChangedElsewhere"],
            _ => localizer[failedKey ?? GenericKey],
        };
        return text.Value;
    }

    /// <summary>
    /// What to store about a failure that a later reader sees (a sync run's message): a language-free key of this
    /// class's sentences, or Clara's own words with its code; never a lower layer's text. <see cref="ForStored"/> reads it back.
    /// </summary>
    public static string ToStored(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ClaraApiException { Code: "INVALID_RESPONSE" or "INVALID_TOKEN_RESPONSE" } => "Errors.ClaraUnreadable",
            ClaraApiException { StatusCode: not (401 or 403 or 511 or 429) and < 500, ClaraMessage: { Length: > 0 } message } clara =>
                string.IsNullOrWhiteSpace(clara.Code) ? message.Trim() : $"{clara.Code.Trim()}: {message.Trim()}",
            ClaraApiException clara => FromClaraKey(clara) ?? "Errors.ClaraUnavailable",
            ClaraOutcomeUnknownException => "Errors.OutcomeUnknown",
            HttpRequestException or TimeoutException or SocketException => "Errors.ClaraUnreachable",
            System.Text.Json.JsonException => "Errors.ClaraUnreadable",
            _ => GenericKey,
        };
    }

    /// <summary>A stored failure (see <see cref="ToStored"/>) in the reader's language; older free text as it was stored.</summary>
    public static string ForStored(string? stored, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (string.IsNullOrWhiteSpace(stored))
        {
            return "";
        }

        return stored.StartsWith("Errors.", StringComparison.Ordinal) && localizer[stored] is { ResourceNotFound: false } text ? text.Value : stored;
    }

    private static string? FromClaraKey(ClaraApiException exception)
    {
        var code = exception.Code?.Trim().ToUpperInvariant();
        if (exception.StatusCode is 401 or 403 or 511 || code is "UNAUTHORIZED" or "FORBIDDEN" or "NETWORK_AUTHENTICATION_REQUIRED")
        {
            return "Errors.ClaraCredentials";
        }

        if (exception.StatusCode == 429 || code == "RATE_LIMITED")
        {
            return "Errors.ClaraBusy";
        }

        // The client's own codes for an answer it could not read (truncated JSON, wrong types, a proxy's HTML page):
        // its English words are for the log, not Clara's to quote.
        if (code is "INVALID_RESPONSE" or "INVALID_TOKEN_RESPONSE")
        {
            return "Errors.ClaraUnreadable";
        }

        return exception.StatusCode >= 500 || code is "SERVER_ERROR" or "UNAVAILABLE" ? "Errors.ClaraUnavailable" : null;
    }

    private static LocalizedString FromClara(ClaraApiException exception, IStringLocalizer localizer)
    {
        // The portal's own credentials (token, certificate, 511 from the gateway), a rate limit, or Clara's own trouble
        // (a 5xx body says "internal error" in some form): told as such rather than quoted.
        if (FromClaraKey(exception) is { } key)
        {
            return localizer[key];
        }

        if (!string.IsNullOrWhiteSpace(exception.ClaraMessage))
        {
            return string.IsNullOrWhiteSpace(exception.Code)
                ? localizer["Errors.ClaraRefused", exception.ClaraMessage.Trim()]
                : localizer["Errors.ClaraRefusedWithCode", exception.Code.Trim(), exception.ClaraMessage.Trim()];
        }

        return localizer["Errors.ClaraError", string.IsNullOrWhiteSpace(exception.Code)
            ? exception.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : exception.Code.Trim()];
    }
}
