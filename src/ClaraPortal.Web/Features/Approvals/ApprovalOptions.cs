using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary><c>Portal:Approvals</c>: how long a request waits for approvers, and how often the expiry job looks.</summary>
public sealed class ApprovalExpiryOptions
{
    public const string SectionName = "Portal:Approvals";

    /// <summary>A pending request older than this expires (default 72 hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan PendingFor { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often the expiry job runs; zero turns it off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}
