using System.Globalization;
using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>Submit, update, cancel and read VCNs. Every operation runs under the state lock.</summary>
internal sealed class PurchaseService(SandboxState state, SandboxClock clock, SandboxFaultOptions faults)
{
    public const int MaxCancelBatch = 50;
    public const int MaxCancelReasonLength = 200;

    public ApiResponse Submit(Company company, SubmitRequest request)
    {
        var now = clock.Now;
        var missing = Missing(
            ("rcnId", request.RcnId is null), ("templateId", request.TemplateId is null), ("supplierId", request.SupplierId is null),
            ("amount", request.Amount is null), ("validFrom", request.ValidFrom is null), ("validTo", request.ValidTo is null),
            ("customFields", request.CustomFields?.Any(f => f is null || f.Name is null || f.Value is null) == true));
        if (missing.Length > 0)
        {
            return ApiResponse.Validation(now, missing);
        }

        if (!company.RcnsById.TryGetValue(request.RcnId!.Value, out var rcn))
        {
            return ApiResponse.NotFound(now, "Unknown RCN", "rcnId");
        }

        if (!company.TemplatesById.TryGetValue(request.TemplateId!.Value, out var template))
        {
            return ApiResponse.NotFound(now, "Unknown template", "templateId");
        }

        if (!company.SuppliersById.TryGetValue(request.SupplierId!.Value, out var supplier))
        {
            return ApiResponse.NotFound(now, "Unknown supplier", "supplierId");
        }

        var amount = request.Amount!.Value;
        var currency = string.IsNullOrWhiteSpace(request.Currency) ? template.Currency : request.Currency.Trim().ToUpperInvariant();
        var customFields = request.CustomFields ?? [];

        lock (state.Gate)
        {
            var violations = PurchaseRules.Amount(amount, template)
                .Concat(PurchaseRules.Currency(currency, template))
                .Concat(PurchaseRules.Validity(request.ValidFrom, request.ValidTo!.Value, template, clock.Today))
                .Concat(PurchaseRules.Supplier(supplier, template))
                .Concat(PurchaseRules.CustomFields(customFields, template))
                .Concat(PurchaseRules.Reference(request.Reference))
                .ToList();
            violations.AddRange(Funding(rcn, amount, currency, alreadyReserved: 0m, now, violations.Count == 0));
            if (violations.Count > 0)
            {
                return ApiResponse.Business(now, violations);
            }

            var purchase = new PurchaseRecord
            {
                Id = state.NextPurchaseId(),
                CompanyTaxId = company.TaxId,
                RcnId = rcn.Id,
                TemplateId = template.Id,
                Usage = template.Usage,
                SupplierId = supplier.Id,
                Amount = amount,
                Currency = currency,
                ValidFrom = request.ValidFrom!.Value,
                ValidTo = request.ValidTo.Value,
                Reference = request.Reference,
                CustomFields = [.. customFields.Select(f => new CustomFieldValueDto(f.Name!.Trim(), f.Value))],
                CardNumber = CardIssuer.NewCardNumber(currency, state.CardNumbers),
                Cvv = CardIssuer.NewCvv(),
                CreatedAt = now,
            };
            state.Purchases[purchase.Id] = purchase;
            state.Save(purchase);
            return ApiResponse.Json(StatusCodes.Status201Created, purchase.ToDto(now, reveal: true, details: false));
        }
    }

    public ApiResponse Update(Company company, long purchaseId, UpdateRequest request)
    {
        var now = clock.Now;
        if (request.Amount is null && request.SupplierId is null && request.ValidTo is null)
        {
            return ApiResponse.Validation(now, new FieldIssue("body", "give amount, supplierId or validTo"));
        }

        lock (state.Gate)
        {
            if (Find(company, purchaseId) is not { } purchase)
            {
                return ApiResponse.NotFound(now, "Unknown purchase", "purchaseId");
            }

            var template = company.TemplatesById[purchase.TemplateId];
            var rcn = company.RcnsById[purchase.RcnId];
            SupplierDto? supplier = null;
            if (request.SupplierId is { } supplierId && !company.SuppliersById.TryGetValue(supplierId, out supplier))
            {
                return ApiResponse.NotFound(now, "Unknown supplier", "supplierId");
            }

            var status = purchase.EffectiveStatus(clock.Today);
            if (status != StatusActive)
            {
                return ApiResponse.Business(now,
                [
                    new(ErrorCodes.CardNotUpdatable, "purchaseId", $"card is {status}", $"A {status.ToLowerInvariant()} card cannot be updated"),
                ]);
            }

            var violations = new List<RuleViolation>();
            if (request.Amount is { } amount)
            {
                violations.AddRange(PurchaseRules.Amount(amount, template));
                var spent = purchase.Spent(now);
                if (amount < spent)
                {
                    violations.Add(new(ErrorCodes.AmountBelowSpent, "amount", string.Create(CultureInfo.InvariantCulture, $"must be >= spent {spent:0.00}"), "Amount below what the card has spent"));
                }

                if (violations.Count == 0 && amount > purchase.Amount)
                {
                    violations.AddRange(Funding(rcn, amount, purchase.Currency, purchase.Reserved(now), now, checkCredit: true));
                }
            }

            if (supplier is not null)
            {
                violations.AddRange(PurchaseRules.Supplier(supplier, template));
            }

            if (request.ValidTo is { } validTo)
            {
                violations.AddRange(PurchaseRules.Validity(null, validTo, template, clock.Today));
                if (validTo < purchase.ValidFrom)
                {
                    violations.Add(new(ErrorCodes.ValidFromAfterValidTo, "validTo", "must be on or after validFrom", "validTo is before validFrom"));
                }
            }

            if (violations.Count > 0)
            {
                return ApiResponse.Business(now, violations);
            }

            purchase.Amount = request.Amount ?? purchase.Amount;
            purchase.SupplierId = supplier?.Id ?? purchase.SupplierId;
            purchase.ValidTo = request.ValidTo ?? purchase.ValidTo;
            purchase.UpdatedAt = now;
            state.Save(purchase);
            return ApiResponse.Ok(purchase.ToDto(now, reveal: false, details: false));
        }
    }

    public ApiResponse Cancel(Company company, CancelRequest request)
    {
        var now = clock.Now;
        var ids = request.PurchaseIds ?? request.VcnIds;
        if (ids is null || ids.Count == 0 || ids.Count > MaxCancelBatch)
        {
            return ApiResponse.Validation(now, new FieldIssue("purchaseIds", $"give 1 to {MaxCancelBatch} ids"));
        }

        if (request.Reason is { Length: > MaxCancelReasonLength })
        {
            return ApiResponse.Validation(now, new FieldIssue("reason", $"at most {MaxCancelReasonLength} characters"));
        }

        lock (state.Gate)
        {
            var results = new List<CancelResultDto>(ids.Count);
            foreach (var id in ids)
            {
                if (Find(company, id) is not { } purchase)
                {
                    results.Add(new(id, CancelNotFound, "unknown purchase"));
                }
                else if (purchase.Status == StatusCancelled)
                {
                    results.Add(new(id, CancelAlreadyCancelled, "already cancelled"));
                }
                else if (faults.ShouldFailCancel(id))
                {
                    // Injected: the card network refused this one; the card stays as it was and may be cancelled again.
                    results.Add(new(id, CancelFailed, "the card network did not confirm the cancellation; try again"));
                }
                else
                {
                    purchase.Status = StatusCancelled;
                    purchase.CancelledAt = now;
                    purchase.CancelReason = request.Reason;
                    purchase.UpdatedAt = now;
                    state.Save(purchase);
                    results.Add(new(id, StatusCancelled));
                }
            }

            return ApiResponse.Ok(new CancelResponse(results));
        }
    }

    public ApiResponse Get(Company company, long purchaseId, bool reveal)
    {
        lock (state.Gate)
        {
            var now = clock.Now;
            return Find(company, purchaseId) is { } purchase && !IsLagging(purchase, now)
                ? ApiResponse.Ok(purchase.ToDto(now, reveal, details: true))
                : ApiResponse.NotFound(now, "Unknown purchase", "purchaseId");
        }
    }

    /// <summary>Clara's read-after-write lag (injected): details are not visible yet right after a create or update.</summary>
    private bool IsLagging(PurchaseRecord purchase, DateTimeOffset now) =>
        faults.ReadAfterWriteLagSeconds > 0
        && now < (purchase.UpdatedAt ?? purchase.CreatedAt) + TimeSpan.FromSeconds(faults.ReadAfterWriteLagSeconds);

    /// <summary>A purchase of this company; another company's purchase is as unknown as a missing one.</summary>
    public PurchaseRecord? Find(Company company, long purchaseId) =>
        state.Purchases.TryGetValue(purchaseId, out var purchase) && purchase.CompanyTaxId == company.TaxId ? purchase : null;

    private IEnumerable<RuleViolation> Funding(FundingCard rcn, decimal amount, string currency, decimal alreadyReserved,
        DateTimeOffset now, bool checkCredit)
    {
        if (rcn.Status != StatusActive)
        {
            yield return new(ErrorCodes.RcnNotActive, "rcnId", $"RCN is {rcn.Status}", "Funding card is not active");
            yield break;
        }

        if (!checkCredit)
        {
            yield break;
        }

        var available = PurchaseLedger.AvailableCredit(rcn, state.Purchases.Values, now);
        var needed = CurrencyRates.Convert(amount - alreadyReserved, currency, rcn.Currency);
        if (needed > available)
        {
            yield return new(ErrorCodes.InsufficientCredit, "amount",
                string.Create(CultureInfo.InvariantCulture, $"RCN available credit is {available:0.00} {rcn.Currency}"), "Insufficient credit on the funding card");
        }
    }

    private static FieldIssue[] Missing(params (string Field, bool IsMissing)[] checks) =>
        [.. checks.Where(c => c.IsMissing).Select(c => new FieldIssue(c.Field, c.Field == "customFields" ? "every entry needs name and value" : "is required"))];
}
