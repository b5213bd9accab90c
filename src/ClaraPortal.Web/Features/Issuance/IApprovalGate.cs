using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>A change to a card that may need an approver before it is sent to Clara.</summary>
public sealed record ApprovalCheck(CardPurchase Card, CardUpdate Update, CurrentUserInfo RequestedBy);

/// <summary>
/// The seam where approval policy plugs in (limit increases above a threshold go to an approver).
/// <see cref="VcnService"/> asks it before sending an update to Clara.
/// </summary>
public interface IApprovalGate
{
    /// <summary>True when the change must wait for an approver.</summary>
    Task<bool> RequiresApprovalAsync(ApprovalCheck check, CancellationToken cancellationToken = default);
}

/// <summary>Until approval policy exists, nothing needs approval.</summary>
public sealed class NoApprovalGate : IApprovalGate
{
    public Task<bool> RequiresApprovalAsync(ApprovalCheck check, CancellationToken cancellationToken = default) => Task.FromResult(false);
}
