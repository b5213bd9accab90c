using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Security;

/// <summary>
/// The rules every piece of free text the portal stores passes (references, custom field values, reasons, comments,
/// justifications): no longer than its field, no card number, no control or direction-override characters. One place,
/// so a new field cannot forget a rule and two fields cannot word the same refusal differently.
/// </summary>
public static class FreeText
{
    /// <summary>
    /// Why <paramref name="text"/> cannot be stored, or null. Lengths count the text as given: callers that store it
    /// trimmed pass it trimmed. <paramref name="multiline"/> lets line breaks and tabs through (comments, reasons).
    /// </summary>
    public static FreeTextProblem? Problem(string? text, int maxLength, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return new FreeTextProblem(FreeTextRule.TooLong, "Issue.Error.TooLong", [maxLength]);
        }

        if (CardNumberText.Contains(text))
        {
            return new FreeTextProblem(FreeTextRule.CardNumber, CardNumberText.MessageKey, []);
        }

        return UnsafeCharacters.In(text, multiline)
            ? new FreeTextProblem(FreeTextRule.ControlCharacters, "Issue.Error.ControlCharacters", [])
            : null;
    }
}

public enum FreeTextRule
{
    TooLong,
    CardNumber,
    ControlCharacters,
}

/// <summary>A broken rule and its message (a resource key and its arguments); the message never repeats the text.</summary>
public sealed record FreeTextProblem(FreeTextRule Rule, string MessageKey, object[] MessageArguments)
{
    public string Message(IStringLocalizer<SharedResource> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[MessageKey, MessageArguments].Value;
    }
}
