namespace ClaraPortal.Web.Features.Policy;

/// <summary>
/// One approval band as the Policy page shows it. The company's default (no template, any currency) is always listed:
/// <see cref="IsBuiltIn"/> (and no <see cref="Id"/>) while the company still runs on the built-in defaults.
/// </summary>
public sealed record ApprovalBandView(
    long? Id, long? TemplateId, string? TemplateName, string? Currency, decimal AutoApproveUpTo, decimal TwoApproversAbove, bool IsBuiltIn,
    string? UpdatedByName, DateTimeOffset? UpdatedAt)
{
    /// <summary>The company's default band: every template, any currency. Changed, never deleted.</summary>
    public bool IsDefault => TemplateId is null && Currency is null;
}

/// <summary>One user's spending authority in one currency.</summary>
public sealed record IssuerAuthorityView(
    long Id, string Subject, string UserName, string Currency, decimal? SingleCardLimit, decimal? MonthlyBudget, string? UpdatedByName, DateTimeOffset UpdatedAt);

/// <summary>A template of the company's catalog that a band can name.</summary>
public sealed record PolicyTemplate(long Id, string Name, string? Currency);

/// <summary>Someone who has signed in once: who an authority can be set for.</summary>
public sealed record PolicyUser(string Subject, string DisplayName, string Username);

public sealed record PolicyFieldError(string Field, string Message);

/// <summary>A save: the row's id, or why nothing was written (one message per field that was refused).</summary>
public sealed record PolicySaveResult(long? Id, IReadOnlyList<PolicyFieldError> Errors)
{
    public bool Saved => Errors.Count == 0;

    public static PolicySaveResult Done(long id) => new(id, []);

    public static PolicySaveResult Refused(IReadOnlyList<PolicyFieldError> errors) => new(null, errors);
}

public enum PolicyDeleteOutcome
{
    Deleted,
    AlreadyGone,

    /// <summary>The company's default band is changed, never deleted: without it the built-in defaults would apply silently.</summary>
    DefaultKept,
}

/// <summary>The form fields errors point at.</summary>
public static class PolicyFields
{
    public const string Template = nameof(Template);
    public const string Currency = nameof(Currency);
    public const string AutoApproveUpTo = nameof(AutoApproveUpTo);
    public const string TwoApproversAbove = nameof(TwoApproversAbove);
    public const string User = nameof(User);
    public const string SingleCardLimit = nameof(SingleCardLimit);
    public const string MonthlyBudget = nameof(MonthlyBudget);
}

/// <summary>What an audit event records of a band (before and after a change). <see cref="BuiltIn"/>: the built-in defaults, no row.</summary>
public sealed record ApprovalBandSnapshot(long? TemplateId, string? Currency, decimal AutoApproveUpTo, decimal TwoApproversAbove, bool BuiltIn = false);

/// <summary>What an audit event records of an issuer's authority.</summary>
public sealed record IssuerAuthoritySnapshot(string Subject, string Currency, decimal? SingleCardLimit, decimal? MonthlyBudget);
