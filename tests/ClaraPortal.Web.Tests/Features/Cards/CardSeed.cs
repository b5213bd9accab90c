using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>Card purchases, catalog rows and audit events written straight into a test database.</summary>
internal static class CardSeed
{
    public static readonly DateTimeOffset Noon = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public static CardPurchase Card(
        string issuedBy,
        decimal amount,
        CardPurchaseStatus status = CardPurchaseStatus.Active,
        long supplierId = 1,
        long templateId = 10,
        DateTimeOffset? createdAt = null,
        string? last4 = null,
        string currency = "MXN",
        DateOnly? validTo = null,
        decimal? spent = null,
        string? brand = null,
        string reference = "PO-1") => new()
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            ClaraPurchaseId = status is CardPurchaseStatus.Active or CardPurchaseStatus.Cancelled ? Random.Shared.NextInt64(99_000_000_000_000, 99_999_999_999_999) : null,
            Status = status,
            FundingCardId = 100,
            TemplateId = templateId,
            SupplierId = supplierId,
            Amount = amount,
            Currency = currency,
            Spent = spent,
            Available = spent is { } s ? amount - s : amount,
            ValidFrom = new DateOnly(2026, 11, 20),
            ValidTo = validTo ?? new DateOnly(2026, 12, 20),
            Reference = reference,
            Last4 = last4 ?? Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Brand = brand,
            IssuedBy = issuedBy,
            IssuedByName = issuedBy switch
            {
                "dev-issuer" => "Isabel Issuer",
                "dev-admin" => "Adrian Admin",
                _ => "Other " + issuedBy,
            },
            CreatedAt = createdAt ?? Noon,
            UpdatedAt = createdAt ?? Noon,
            IssuedAt = createdAt ?? Noon,
        };

    public static async Task AddCatalogAsync(IDbContextFactory<PortalDbContext> database)
    {
        await using var db = await database.CreateDbContextAsync();
        db.Suppliers.AddRange(
            new Supplier { ClaraId = 1, Name = "Aerolínea Azul", SearchText = "aerolinea azul", Mcc = "4511", LastSyncedAt = Noon },
            new Supplier { ClaraId = 2, Name = "Hotel Núñez", SearchText = "hotel nunez", Mcc = "3501", LastSyncedAt = Noon },
            new Supplier { ClaraId = 3, Name = "Café Central", SearchText = "cafe central", Mcc = "5814", LastSyncedAt = Noon });
        db.CardTemplates.AddRange(
            new CardTemplate { ClaraId = 10, Name = "Compras Generales", Currency = "MXN", MaxAmount = 250_000m, ValidityDays = 365, LastSyncedAt = Noon },
            new CardTemplate { ClaraId = 11, Name = "Clara Hotels", Currency = "MXN", MaxAmount = 50_000m, ValidityDays = 30, LastSyncedAt = Noon });
        db.FundingCards.Add(new FundingCard { ClaraId = 100, Alias = "Clara Card Black", Last4 = "4821", Currency = "MXN", Status = "ACTIVE", LastSyncedAt = Noon });
        await db.SaveChangesAsync();
    }

    public static async Task AddAsync(IDbContextFactory<PortalDbContext> database, params CardPurchase[] cards)
    {
        await using var db = await database.CreateDbContextAsync();
        db.CardPurchases.AddRange(cards);
        await db.SaveChangesAsync();
    }

    public static async Task AddEventAsync(IDbContextFactory<PortalDbContext> database, CardPurchase card, string action, string actor, DateTimeOffset at, string? before, string? after)
    {
        await using var db = await database.CreateDbContextAsync();
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = at,
            ActorId = actor,
            ActorName = actor,
            Action = action,
            EntityType = "CardPurchase",
            EntityId = card.Id.ToString(),
            BeforeJson = before,
            AfterJson = after,
        });
        await db.SaveChangesAsync();
    }
}
