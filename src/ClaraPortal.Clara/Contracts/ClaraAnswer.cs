namespace ClaraPortal.Clara;

/// <summary>
/// An answer that can tell whether it holds what the contract says it always holds. System.Text.Json fills a member
/// that is absent (or null) with its default, so <c>{}</c> would otherwise read as a purchase with id 0, no status and
/// an amount of 0, and a submit answer as a card without a number. Extra members are fine: the contract lets Clara add them.
/// </summary>
internal interface IClaraAnswer
{
    /// <summary>The first required member the answer lacks (its wire name, never a value), or null when it is complete.</summary>
    string? MissingMember { get; }
}
