using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.State;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>
/// Writes months of past cards into the state at once, for demos: the catalog ids are checked, the rules of "today" are
/// not (the cards are of the past). Each card gets its own number and CVV like a submit, its charges become approved
/// CHARGE transactions, and a single-use card with a charge (or a card spent to its limit) ends EXHAUSTED as it would
/// have. One store transaction per call, so thousands of cards cost one commit.
/// </summary>
internal sealed class HistoryImport(SandboxState state, SandboxCatalog catalog)
{
    public IReadOnlyList<SandboxImportedPurchase> Import(IReadOnlyList<SandboxHistoricalPurchase> purchases)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        // Checked before anything is written: a bad batch imports nothing.
        var checkedPurchases = purchases.Select(p => (Purchase: p, Company: CompanyOf(p), Template: TemplateOf(p))).ToList();
        var imported = new List<SandboxImportedPurchase>(purchases.Count);
        lock (state.Gate)
        {
            state.InTransaction(() =>
            {
                foreach (var (purchase, company, template) in checkedPurchases)
                {
                    imported.Add(Add(purchase, company, template));
                }
            });
        }

        return imported;
    }

    private SandboxImportedPurchase Add(SandboxHistoricalPurchase source, Company company, TemplateDto template)
    {
        var supplier = company.SuppliersById[source.SupplierId];
        var currency = source.Currency.Trim().ToUpperInvariant();
        var record = new PurchaseRecord
        {
            Id = state.NextPurchaseId(),
            CompanyTaxId = company.TaxId,
            RcnId = source.RcnId,
            TemplateId = template.Id,
            Usage = template.Usage,
            SupplierId = supplier.Id,
            Amount = source.Amount,
            Currency = currency,
            ValidFrom = source.ValidFrom,
            ValidTo = source.ValidTo,
            Reference = source.Reference,
            CustomFields = [.. source.CustomFields.Select(f => new CustomFieldValueDto(f.Key, f.Value))],
            CardNumber = CardIssuer.NewCardNumber(currency, state.CardNumbers),
            Cvv = CardIssuer.NewCvv(),
            CreatedAt = source.CreatedAt,
            UpdatedAt = source.UpdatedAt,
            CreditSettled = true,
        };
        foreach (var charge in source.Charges.OrderBy(c => c.PostedAt))
        {
            record.Transactions.Add(new TransactionRecord
            {
                Id = state.NextTransactionId(),
                PostedAt = charge.PostedAt,
                Type = TransactionCharge,
                Amount = charge.Amount,
                Currency = currency,
                MerchantName = charge.MerchantName ?? supplier.Name,
                Mcc = supplier.Mcc,
            });
        }

        var spent = source.Charges.Sum(c => c.Amount);
        if (source.CancelledAt is { } cancelledAt)
        {
            record.Status = StatusCancelled;
            record.CancelledAt = cancelledAt;
            record.CancelReason = source.CancelReason;
        }
        else if ((template.Usage == UsageSingle && source.Charges.Count > 0) || (template.Usage == UsageMulti && spent >= source.Amount))
        {
            record.Status = StatusExhausted;
        }

        state.Purchases[record.Id] = record;
        state.Save(record);
        return new SandboxImportedPurchase(record.Id, record.Last4, currency == "MXN" ? "Visa" : "Mastercard", record.Status);
    }

    private Company CompanyOf(SandboxHistoricalPurchase purchase)
    {
        var company = catalog.FindByTaxId(purchase.TaxIdentifier)
            ?? throw new ArgumentException($"Unknown company {purchase.TaxIdentifier}.", nameof(purchase));
        if (!company.RcnsById.ContainsKey(purchase.RcnId) || !company.SuppliersById.ContainsKey(purchase.SupplierId))
        {
            throw new ArgumentException($"RCN {purchase.RcnId} or supplier {purchase.SupplierId} is not in the catalog of {company.TaxId}.", nameof(purchase));
        }

        return company;
    }

    private TemplateDto TemplateOf(SandboxHistoricalPurchase purchase) =>
        CompanyOf(purchase).TemplatesById.TryGetValue(purchase.TemplateId, out var template)
            ? template
            : throw new ArgumentException($"Template {purchase.TemplateId} is not in the catalog of {purchase.TaxIdentifier}.", nameof(purchase));
}
