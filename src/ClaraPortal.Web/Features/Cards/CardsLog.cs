namespace ClaraPortal.Web.Features.Cards;

/// <summary>Log lines of the cards pages (never a card number or CVV: only ids and counts).</summary>
internal static partial class CardsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read purchase {PurchaseId} from Clara (unreachable or unknown there); the card page shows the cached state")]
    public static partial void ClaraUnreachable(ILogger logger, Exception exception, long purchaseId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cancelling {Count} cards failed before any result came back")]
    public static partial void CancelFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the cards list failed")]
    public static partial void ListFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Operation} of card {CardPurchaseId} failed")]
    public static partial void CardOperationFailed(ILogger logger, Exception exception, string operation, Guid cardPurchaseId);
}
