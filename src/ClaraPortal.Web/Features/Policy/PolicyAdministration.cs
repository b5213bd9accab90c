using System.Globalization;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Policy;

/// <summary>
/// The Policy page's work, for the scope's company: approval bands and issuers' spending authority. Admin only (checked
/// on every call); every change is one transaction with its <c>policy.changed</c> audit event. Requests already filed
/// keep the policy frozen onto them, so a change here only reaches new requests.
/// </summary>
public sealed class PolicyAdministration(
    IDbContextFactory<PortalDbContext> contexts, ICurrentUser currentUser, AuditTrail auditTrail, IStringLocalizer<SharedResource> localizer, TimeProvider time)
{
    public const string BandEntityType = "ApprovalBand";
    public const string AuthorityEntityType = "IssuerAuthority";

    /// <summary>Amounts above this are refused: far beyond any card, and well inside what the database stores exactly.</summary>
    public const decimal MaxAmount = Data.AmountLimits.Max;

    /// <summary>The company's bands, its default first (the built-in defaults when it has no default row), then by template and currency.</summary>
    public async Task<IReadOnlyList<ApprovalBandView>> BandsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var bands = await db.ApprovalBands.AsNoTracking().ToListAsync(cancellationToken);
        var templateIds = bands.Where(b => b.TemplateId is not null).Select(b => b.TemplateId!.Value).Distinct().ToList();
        var templates = await db.CardTemplates.AsNoTracking().Where(t => templateIds.Contains(t.ClaraId))
            .ToDictionaryAsync(t => t.ClaraId, t => t.Name, cancellationToken);
        var names = await NamesAsync(db, bands.Select(b => b.UpdatedBy), cancellationToken);
        var views = bands
            .Select(b => new ApprovalBandView(
                b.Id, b.TemplateId, b.TemplateId is { } id ? templates.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture)) : null,
                b.Currency, b.AutoApproveUpTo, b.TwoApproversAbove, IsBuiltIn: false, names.GetValueOrDefault(b.UpdatedBy, b.UpdatedBy), b.UpdatedAt))
            .ToList();
        if (!views.Any(v => v.IsDefault))
        {
            views.Add(BuiltInDefault);
        }

        return [.. views
            .OrderBy(v => v.IsDefault ? 0 : 1)
            .ThenBy(v => v.TemplateName is null ? 0 : 1)
            .ThenBy(v => v.TemplateName, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(v => v.Currency, StringComparer.Ordinal)];
    }

    /// <summary>The built-in defaults as a band: what applies while the company has no default band of its own.</summary>
    public static ApprovalBandView BuiltInDefault { get; } =
        new(null, null, null, null, ApprovalRules.DefaultAutoApproveUpTo, ApprovalRules.DefaultTwoApproversAbove, IsBuiltIn: true, null, null);

    public async Task<IReadOnlyList<IssuerAuthorityView>> AuthoritiesAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var authorities = await db.IssuerAuthorities.AsNoTracking().ToListAsync(cancellationToken);
        var names = await NamesAsync(db, authorities.SelectMany(a => new[] { a.Subject, a.UpdatedBy }), cancellationToken);
        return [.. authorities
            .Select(a => new IssuerAuthorityView(
                a.Id, a.Subject, names.GetValueOrDefault(a.Subject, a.Subject), a.Currency, a.SingleCardLimit, a.MonthlyBudget,
                names.GetValueOrDefault(a.UpdatedBy, a.UpdatedBy), a.UpdatedAt))
            .OrderBy(a => a.UserName, StringComparer.CurrentCultureIgnoreCase).ThenBy(a => a.Currency, StringComparer.Ordinal)];
    }

    /// <summary>The company's templates a band can name (those still in the catalog).</summary>
    public async Task<IReadOnlyList<PolicyTemplate>> TemplatesAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var templates = await db.CardTemplates.AsNoTracking().Where(t => t.RemovedAt == null)
            .Select(t => new PolicyTemplate(t.ClaraId, t.Name, t.Currency)).ToListAsync(cancellationToken);
        return [.. templates.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Everyone who has signed in once: who an authority can be set for.</summary>
    public async Task<IReadOnlyList<PolicyUser>> UsersAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Select(u => new PolicyUser(u.Subject, u.DisplayName, u.Username)).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>
    /// Sets the band of a template (null: every template) and currency (null or empty: any currency), creating it or
    /// changing the one there is.
    /// </summary>
    public async Task<PolicySaveResult> SaveBandAsync(
        long? templateId, string? currency, decimal autoApproveUpTo, decimal twoApproversAbove, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        var code = NormalizeCurrency(currency);
        var errors = new List<PolicyFieldError>();
        if (code is not null && !IsCurrencyCode(code))
        {
            errors.Add(new(PolicyFields.Currency, L("Policy.Error.CurrencyOrEmpty")));
        }

        errors.AddRange(AmountErrors(PolicyFields.AutoApproveUpTo, autoApproveUpTo));
        errors.AddRange(AmountErrors(PolicyFields.TwoApproversAbove, twoApproversAbove));
        if (errors.Count == 0 && twoApproversAbove < autoApproveUpTo)
        {
            errors.Add(new(PolicyFields.TwoApproversAbove, L("Policy.Error.TwoBelowAuto", PortalFormat.Money(autoApproveUpTo, code))));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (templateId is { } template && !await db.CardTemplates.AnyAsync(t => t.ClaraId == template && t.RemovedAt == null, cancellationToken))
        {
            errors.Add(new(PolicyFields.Template, L("Policy.Error.TemplateUnknown")));
        }

        if (errors.Count > 0)
        {
            return PolicySaveResult.Refused(errors);
        }

        // BEGIN IMMEDIATE (see AuditTrail): the lookup and the insert hold the write lock, so two Admins saving the same
        // band at once make one row, not two (SQLite's unique index lets NULL template or currency repeat).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var band = await db.ApprovalBands.SingleOrDefaultAsync(b => b.TemplateId == templateId && b.Currency == code, cancellationToken);
        ApprovalBandSnapshot? before;
        if (band is null)
        {
            // The company's default replaces the built-in one: that is what was in force before.
            before = templateId is null && code is null
                ? new ApprovalBandSnapshot(null, null, ApprovalRules.DefaultAutoApproveUpTo, ApprovalRules.DefaultTwoApproversAbove, BuiltIn: true)
                : null;
            band = new ApprovalBand { TemplateId = templateId, Currency = code, UpdatedBy = admin.Subject };
            db.ApprovalBands.Add(band);
        }
        else
        {
            before = Snapshot(band);
        }

        band.AutoApproveUpTo = autoApproveUpTo;
        band.TwoApproversAbove = twoApproversAbove;
        band.UpdatedBy = admin.Subject;
        band.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, admin, BandEntityType, band.Id, before, Snapshot(band), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PolicySaveResult.Done(band.Id);
    }

    public async Task<PolicyDeleteOutcome> DeleteBandAsync(long id, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var band = await db.ApprovalBands.SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (band is null)
        {
            return PolicyDeleteOutcome.AlreadyGone;
        }

        if (band.TemplateId is null && band.Currency is null)
        {
            return PolicyDeleteOutcome.DefaultKept;
        }

        db.ApprovalBands.Remove(band);
        await AuditAsync(db, admin, BandEntityType, band.Id, Snapshot(band), null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PolicyDeleteOutcome.Deleted;
    }

    /// <summary>Sets what <paramref name="subject"/> may issue without an approver in <paramref name="currency"/>; null for no limit or no budget.</summary>
    public async Task<PolicySaveResult> SaveAuthorityAsync(
        string subject, string currency, decimal? singleCardLimit, decimal? monthlyBudget, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        var code = NormalizeCurrency(currency);
        var errors = new List<PolicyFieldError>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(subject) || !await db.Users.AnyAsync(u => u.Subject == subject, cancellationToken))
        {
            errors.Add(new(PolicyFields.User, L("Policy.Error.UserUnknown")));
        }

        if (code is null || !IsCurrencyCode(code))
        {
            errors.Add(new(PolicyFields.Currency, L("Policy.Error.CurrencyRequired")));
        }

        if (singleCardLimit is { } limit)
        {
            errors.AddRange(AmountErrors(PolicyFields.SingleCardLimit, limit));
        }

        if (monthlyBudget is { } budget)
        {
            errors.AddRange(AmountErrors(PolicyFields.MonthlyBudget, budget));
        }

        if (singleCardLimit is null && monthlyBudget is null)
        {
            errors.Add(new(PolicyFields.SingleCardLimit, L("Policy.Error.AuthorityEmpty")));
        }

        if (errors.Count > 0)
        {
            return PolicySaveResult.Refused(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var authority = await db.IssuerAuthorities.SingleOrDefaultAsync(a => a.Subject == subject && a.Currency == code, cancellationToken);
        IssuerAuthoritySnapshot? before = null;
        if (authority is null)
        {
            authority = new IssuerAuthority { Subject = subject, Currency = code!, UpdatedBy = admin.Subject };
            db.IssuerAuthorities.Add(authority);
        }
        else
        {
            before = Snapshot(authority);
        }

        authority.SingleCardLimit = singleCardLimit;
        authority.MonthlyBudget = monthlyBudget;
        authority.UpdatedBy = admin.Subject;
        authority.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, admin, AuthorityEntityType, authority.Id, before, Snapshot(authority), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PolicySaveResult.Done(authority.Id);
    }

    /// <summary>Takes an authority back (the user is then bound by the bands alone); false when it was already gone.</summary>
    public async Task<bool> DeleteAuthorityAsync(long id, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var authority = await db.IssuerAuthorities.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (authority is null)
        {
            return false;
        }

        db.IssuerAuthorities.Remove(authority);
        await AuditAsync(db, admin, AuthorityEntityType, authority.Id, Snapshot(authority), null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task AuditAsync(PortalDbContext db, CurrentUserInfo admin, string entityType, long id, object? before, object? after, CancellationToken cancellationToken) =>
        await auditTrail.AppendAsync(db, AuditActor.From(admin),
            new AuditEntry(ApprovalAuditActions.PolicyChanged, entityType, id.ToString(CultureInfo.InvariantCulture), before, after),
            AuditTrail.NewCorrelationId(), cancellationToken);

    private IEnumerable<PolicyFieldError> AmountErrors(string field, decimal amount)
    {
        if (amount < 0)
        {
            yield return new(field, L("Policy.Error.AmountNegative"));
        }
        else if (decimal.Round(amount, 2) != amount)
        {
            yield return new(field, L("Policy.Error.AmountDecimals"));
        }
        else if (amount > MaxAmount)
        {
            yield return new(field, L("Policy.Error.AmountTooLarge", PortalFormat.Money(MaxAmount, null)));
        }
    }

    private static string? NormalizeCurrency(string? currency) =>
        string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();

    private static bool IsCurrencyCode(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    private static ApprovalBandSnapshot Snapshot(ApprovalBand band) => new(band.TemplateId, band.Currency, band.AutoApproveUpTo, band.TwoApproversAbove);

    private static IssuerAuthoritySnapshot Snapshot(IssuerAuthority authority) =>
        new(authority.Subject, authority.Currency, authority.SingleCardLimit, authority.MonthlyBudget);

    private string L(string key, params object[] arguments) => localizer[key, arguments].Value;

    private static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var wanted = subjects.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Subject))
            .ToDictionaryAsync(u => u.Subject, u => u.DisplayName, cancellationToken);
    }
}
