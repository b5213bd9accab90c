using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>No card number, CVV, token or secret in any log line or exception message, along every path that sees one.</summary>
public sealed class SensitiveDataTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    public void Dispose() => sandbox.Server.Faults.Reset();

    [Fact]
    public async Task Logs_and_exceptions_never_carry_card_numbers_cvvs_tokens_or_secrets()
    {
        var logs = new LogCapture();
        var exceptions = new List<Exception>();
        using var client = sandbox.CreateClient(logs, o => o.MaxRetries = 0);
        using var impatient = sandbox.CreateClient(logs, o =>
        {
            o.MaxRetries = 0;
            o.RequestTimeout = TimeSpan.FromSeconds(5); // the answer is withheld for good; long enough for the token's handshake
        });
        var catalog = await client.GetCatalogAsync();
        var request = CatalogPicks.EasyRequest(catalog, 999m);
        var key = CatalogPicks.NewKey();

        var card = await client.SubmitAsync(request, key);
        var replay = await client.SubmitAsync(request, key);
        var revealed = await client.GetPurchaseAsync(card.PurchaseId, reveal: true);
        exceptions.Add(await Assert.ThrowsAsync<ClaraApiException>(() => client.SubmitAsync(request with { Amount = 1000m }, key)));
        exceptions.Add(await Assert.ThrowsAsync<ClaraApiException>(() => client.SubmitAsync(request with { Currency = "EUR" }, CatalogPicks.NewKey())));
        sandbox.Server.Faults.TimeoutAfterCommitCount = 1;
        var lostKey = CatalogPicks.NewKey();
        exceptions.Add(await Assert.ThrowsAsync<ClaraOutcomeUnknownException>(() => impatient.SubmitAsync(request, lostKey)));
        var lost = await client.SubmitAsync(request, lostKey);
        using var badSecret = sandbox.CreateClient(logs, o => o.ClientSecret = "another-secret");
        exceptions.Add(await Assert.ThrowsAsync<ClaraApiException>(() => badSecret.GetCatalogAsync(CatalogDetail.Rcn)));

        string[] numbers = [card.CardNumber, replay.CardNumber, revealed.CardNumber!, lost.CardNumber];
        string[] secrets = [sandbox.Server.ClientSecret, "another-secret"];
        var texts = logs.Entries.Select(e => e.FullText)
            .Concat(exceptions.Select(e => e.ToString()))
            .Concat([card.ToString(), revealed.ToString(), lost.ToString()])
            .ToList();
        Assert.True(logs.Entries.Count > 10);
        Assert.All(texts, text =>
        {
            Assert.All(numbers, number => Assert.DoesNotContain(number, text, StringComparison.Ordinal));
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
            Assert.DoesNotMatch(@"(?i)cvv\W{0,4}[0-9]{3}", text); // "Cvv = [redacted]" is fine, "Cvv = 927" or "cvv":"927" is not
            Assert.DoesNotContain("Bearer ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal); // every JWT starts so
        });
    }
}
