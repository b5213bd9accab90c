using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Tests.Features.Cards;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>A card's timeline for auditors: facts, every event with who and when, read-only, and nothing of another company.</summary>
public sealed class HistoryCardPageTests : HistoryPagesContext
{
    [Fact]
    public async Task Shows_the_cards_facts_and_its_request_approval_and_issuance_with_who()
    {
        var card = Card(150_000m, supplierId: 2, last4: "4242", reference: "PO-TIMELINE");
        await AddAsync(card);
        var requestId = await ApprovedRequestForAsync(card);
        await AuditAsync(
            ("dev-issuer", "Isabel Issuer", ApprovalAuditActions.Filed, ApprovalService.EntityType, requestId.ToString(), null, null),
            ("dev-approver", "Arturo Approver", ApprovalAuditActions.Approved, ApprovalService.EntityType, requestId.ToString(), null, null),
            ("dev-issuer", "Isabel Issuer", "card.issued", "CardPurchase", card.Id.ToString(), null, null));

        Services.GetRequiredService<BunitNavigationManager>().NavigateTo($"/history/cards/{card.Id}?back={Uri.EscapeDataString("/history?supplier=2")}");
        var page = Render<HistoryCardPage>(p => p.Add(x => x.Id, card.Id));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=card-event]").Count), Patience);
        Assert.Equal(["Sent for approval", "Approved", "Issued"], page.FindAll("[data-testid=card-event-action]").Select(e => e.TextContent.Trim()));
        Assert.Contains("Arturo Approver", page.FindAll("[data-testid=card-event]")[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Isabel Issuer", page.FindAll("[data-testid=card-event]")[2].TextContent, StringComparison.Ordinal);
        Assert.Equal("•••• 4242", page.Find("[data-testid=history-card-last4]").TextContent.Trim());
        Assert.Equal("150,000.00 MXN", page.Find("[data-testid=history-card-amount]").TextContent.Trim());
        Assert.Equal("Hotel Núñez", page.Find("[data-testid=history-card-supplier]").TextContent.Trim());
        Assert.Equal("Approved 1 of 1 · Arturo Approver", page.Find("[data-testid=history-card-approval]").TextContent.Trim());
        Assert.Contains("PO-TIMELINE", page.Find("[data-testid=history-card-facts]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/history?supplier=2", page.Find("[data-testid=history-back]").GetAttribute("href"));
        // Read-only: none of the card page's actions.
        Assert.Empty(page.FindAll("[data-testid=cancel-card], [data-testid=reveal-card], [data-testid=update-card]"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("Cancel", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_card_is_not_found()
    {
        var page = Render<HistoryCardPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=history-card-not-found]")), Patience);
        Assert.Equal("/history", page.Find("[data-testid=history-back]").GetAttribute("href"));
    }

    [Fact]
    public async Task Another_companys_card_is_not_found()
    {
        var theirs = Card(100m);
        await using (var db = Database.CreateDbContext(TestCompanies.Servicios.Key))
        {
            db.CardPurchases.Add(theirs);
            await db.SaveChangesAsync();
        }

        var page = Render<HistoryCardPage>(p => p.Add(x => x.Id, theirs.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=history-card-not-found]")), Patience);
        Assert.DoesNotContain("100.00 MXN", page.Markup, StringComparison.Ordinal);
    }
}
