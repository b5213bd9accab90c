using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>Audit actions of card writes.</summary>
public static class AuditActions
{
    public const string IssueRequested = "card.issue.requested";
    public const string Issued = "card.issued";
    public const string IssueFailed = "card.issue.failed";
    public const string OutcomeUnknown = "card.outcome-unknown";
    public const string NeedsAttention = "card.needs-attention";
    public const string UpdateSent = "card.update.sent";
    public const string Updated = "card.updated";
    public const string UpdateFailed = "card.update.failed";
    public const string UpdateNeedsApproval = "card.update.approval-requested";
    public const string CancelSent = "card.cancel.sent";
    public const string CancelFailed = "card.cancel.failed";
    public const string Cancelled = "card.cancelled";
    /// <summary>Written before Clara is asked for the number: the attempt is on the record whatever Clara answers.</summary>
    public const string RevealRequested = "card.reveal-requested";
    public const string Revealed = "card.revealed";
}

/// <summary>
/// Why a row needs a person, stored as a language-free key (a resource name) so every reader gets it in their language.
/// </summary>
public static class AttentionReasons
{
    /// <summary>Clara never confirmed the request and no longer keeps its Idempotency-Key: does the card exist?</summary>
    public const string SubmitKeyExpired = "Attention.SubmitKeyExpired";

    public const string UpdateKeyExpired = "Attention.UpdateKeyExpired";

    public const string CancelKeyExpired = "Attention.CancelKeyExpired";

    /// <summary>Clara issued the card under an id another row already holds (ids handed out again).</summary>
    public const string ClaraIdTaken = "Attention.ClaraIdTaken";
}

/// <summary>Codes of rejections the portal makes itself (Clara's own codes pass through).</summary>
public static class RejectionCodes
{
    public const string Validation = "VALIDATION";
    public const string CardNotActive = "CARD_NOT_ACTIVE";
    public const string OutcomeUnknown = "OUTCOME_UNKNOWN";
    public const string Changed = "CHANGED_MEANWHILE";
    public const string Busy = "CHANGE_IN_FLIGHT";
    public const string Unreachable = "CLARA_UNREACHABLE";
    public const string Clara = "CLARA_ERROR";

    /// <summary>The policy needs approvers for this card: file a request instead.</summary>
    public const string ApprovalRequired = "APPROVAL_REQUIRED";
}

public static class ApprovalKinds
{
    public const string UpdateCard = "UpdateCard";
    public const string IssueCard = "IssueCard";
}

/// <summary>Who may act on a card: its issuer, or an Admin.</summary>
public static class CardAccess
{
    /// <summary>Named in <see cref="AccessDeniedException.Policy"/> when a user acts on someone else's card.</summary>
    public const string CardOwnerPolicy = "CardIssuerOrAdmin";

    public static bool IsOwnerOrAdmin(CardPurchase card, CurrentUserInfo user) =>
        user.IsInRole(PortalRoles.Admin) || string.Equals(card.IssuedBy, user.Subject, StringComparison.Ordinal);

    public static void DemandOwnerOrAdmin(CardPurchase card, CurrentUserInfo user)
    {
        if (!IsOwnerOrAdmin(card, user))
        {
            throw new AccessDeniedException(CardOwnerPolicy, user.Subject);
        }
    }
}

/// <summary>Reasons (cancel, reveal) are stored and audited: checked once, the same way for every operation.</summary>
public static class WriteReasons
{
    public static string Require(string? reason, int maxLength, string what)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0 || text.Length > maxLength)
        {
            throw new ArgumentException($"A {what} reason of 1 to {maxLength} characters is required.", nameof(reason));
        }

        switch (FreeText.Problem(text, maxLength, multiline: true)?.Rule)
        {
            case FreeTextRule.CardNumber:
                // The message names the rule, never the text.
                throw new CardNumberInTextException(nameof(reason));
            case FreeTextRule.ControlCharacters:
                throw new ArgumentException($"A {what} reason must not hold control or direction-override characters.", nameof(reason));
        }

        return text;
    }
}

/// <summary>Amounts as Clara's wire wants them.</summary>
internal static class Money
{
    /// <summary>
    /// Always two decimals (12500 -> 12500.00). SQLite gives amounts back without trailing zeros, and Clara
    /// compares a replay's body as written, so the first submit and a replay must write the amount alike.
    /// </summary>
    public static decimal TwoDecimals(decimal amount) =>
        decimal.Parse(decimal.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

internal static class Text
{
    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
