using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>How a card number is shown again (<c>Portal:Reveal</c>): after a recent sign-in, a few times per user.</summary>
public sealed class CardRevealOptions
{
    public const string SectionName = "Portal:Reveal";

    /// <summary>The password must have been typed within this long before a reveal; older sessions sign in again first.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignInWithin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many reveals per user within <see cref="PerUserWindow"/>, across companies.</summary>
    [Range(1, 1000)]
    public int PerUserLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerUserWindow { get; set; } = TimeSpan.FromMinutes(10);
}
