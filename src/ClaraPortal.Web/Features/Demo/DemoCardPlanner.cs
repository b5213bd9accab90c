using System.Globalization;
using CustomFieldValue = ClaraPortal.Clara.CustomFieldValue;
using ClaraPortal.Identity;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// Plans realistic cards for one company: templates by how much they are used, favourite suppliers, amounts around each
/// template's usual size (a long tail over the approval bands, a few big tickets for two approvers), references a finance
/// team would type, custom fields that pass the template's rules, and what happened next. Every plan is drawn from its
/// own seeded random source, so the same seed and ordinal always give the same card.
/// </summary>
internal sealed class DemoCardPlanner(DemoCatalog catalog, int seed)
{
    /// <summary>Pesos per dollar, only to size a dollar card like its peso sibling.</summary>
    private const decimal PesosPerDollar = 17.5m;

    private static readonly string[] Justifications =
    [
        "Annual renewal agreed with the supplier", "Event logistics for the quarterly sales meeting", "Replacement equipment for the Monterrey office",
        "Client visit, budget approved in the travel plan", "Campaign launch, see the marketing plan", "Supplier asked for payment in advance",
        "Urgent purchase to keep operations running", "Year-end inventory count",
    ];

    private static readonly string[] RejectComments =
    [
        "Over the quarter's budget, ask again in the next one", "Please split by cost center", "We have a contract with another supplier for this",
        "Amount too high for this supplier, get a second quote", "Not a priority this month",
    ];

    private static readonly string[] ApproveComments = ["OK", "Approved", "Approved, keep the invoice", "Fine, within the plan", ""];

    private static readonly string[] CancelReasons =
    [
        "Order withdrawn", "Supplier changed", "Duplicate request", "Trip cancelled", "Project on hold", "Paid by transfer instead",
    ];

    private static readonly string[] Travelers = ["Laura Méndez", "Jorge Ramírez", "Sofía Herrera", "Diego Castillo", "Mariana López", "Andrés Torres", "Paola Navarro"];

    private static readonly string[] Campaigns = ["Buen Fin 2026", "Regreso a clases", "Hot Sale", "Lanzamiento Q3", "Navidad", "Marca empleadora"];

    private static readonly string[] TripReasons = ["Client visit", "Trade show", "Training", "Supplier audit", "Board meeting"];

    public DemoCardPlan Plan(long ordinal, string key, DateTimeOffset createdAt, DateTimeOffset now, bool live)
    {
        var random = RandomFor(ordinal);
        var template = PickTemplate(random);
        var supplier = template.Suppliers[(int)(template.Suppliers.Count * Math.Pow(random.NextDouble(), 2.2))];
        var currency = PickCurrency(random, template);
        var fundingCard = catalog.FundingCards[currency];
        var issuedAmount = Amount(random, template, currency);
        var today = DateOnly.FromDateTime(createdAt.UtcDateTime);
        var validFrom = today;
        var validTo = validFrom.AddDays(ValidityDays(random, template));
        var issuer = Pick(random, (DemoCast.Issuer, 45), (DemoCast.Issuer2, 40), (DemoCast.Admin, 15));

        var plan = new DemoCardPlan
        {
            Ordinal = ordinal,
            Key = key,
            Template = template,
            Supplier = supplier,
            FundingCard = fundingCard,
            Amount = issuedAmount,
            IssuedAmount = issuedAmount,
            Currency = currency,
            ValidFrom = validFrom,
            ValidTo = validTo,
            Reference = Reference(random, template, createdAt),
            CustomFields = CustomFields(random, template, issuedAmount, validFrom, createdAt),
            Issuer = issuer,
            CreatedAt = createdAt,
        };

        var assessment = ApprovalRules.Assess(issuedAmount, currency, ApprovalRules.BandFor(catalog.Bands, template.Row.ClaraId, currency), null, 0m);
        if (assessment.NeedsApproval)
        {
            var outcome = live ? Pick(random, (DemoApprovalOutcome.Approved, 85), (DemoApprovalOutcome.Rejected, 10), (DemoApprovalOutcome.Pending, 5)) : DemoApprovalOutcome.Approved;
            plan = plan with { Approval = Approval(random, issuer, assessment, createdAt, outcome) };
        }

        if (!live && random.NextDouble() < 0.012)
        {
            return plan with
            {
                Failure = random.NextDouble() < 0.6
                    ? ("B011", "Insufficient credit on the funding card")
                    : ("B013", "Threshold exceeds company limit"),
            };
        }

        return Lifecycle(random, plan, now, live);
    }

    /// <summary>Sometimes the same person asked for more first and was turned down (or let it expire, or withdrew it).</summary>
    public DemoTurnedDown? TurnedDownBefore(DemoCardPlan card, Func<(long Ordinal, string Key)> nextKey)
    {
        // Its own draw (not the card's), so the card is the same whether or not this happened.
        var random = RandomFor(-card.Ordinal);
        if (card.Approval is null || card.Failure is not null || random.NextDouble() >= 0.12)
        {
            return null;
        }

        var (ordinal, key) = nextKey();
        var askedAmount = Math.Min(card.Template.MaxAmount, decimal.Round(card.IssuedAmount * (decimal)(1.15 + random.NextDouble() * 0.45), 2));
        var asked = card with { Ordinal = ordinal, Key = key, Amount = askedAmount, IssuedAmount = askedAmount };
        var assessment = ApprovalRules.Assess(askedAmount, card.Currency, ApprovalRules.BandFor(catalog.Bands, card.Template.Row.ClaraId, card.Currency), null, 0m);
        var requestedAt = card.Approval.RequestedAt - TimeSpan.FromHours(6 + random.NextDouble() * 90);
        var outcome = Pick(random, (DemoApprovalOutcome.Rejected, 70), (DemoApprovalOutcome.Expired, 15), (DemoApprovalOutcome.Withdrawn, 15));
        return new DemoTurnedDown(ordinal, key, asked, Approval(random, card.Issuer, assessment, requestedAt, outcome, decidedBy: requestedAt + TimeSpan.FromHours(2 + random.NextDouble() * 40)));
    }

    private DemoApproval Approval(Random random, DemoUser requester, ApprovalAssessment assessment, DateTimeOffset issuedAt, DemoApprovalOutcome outcome, DateTimeOffset? decidedBy = null)
    {
        // Approvers take from minutes to a day and a half; the card is issued the moment the last one approves.
        var requestedAt = decidedBy is null ? issuedAt - TimeSpan.FromMinutes(20 + random.NextDouble() * 1_800) : issuedAt;
        var end = decidedBy ?? issuedAt - TimeSpan.FromSeconds(2);
        var approvers = Approvers(random, requester, outcome == DemoApprovalOutcome.Approved ? assessment.RequiredApprovals : 1);
        var decisions = outcome switch
        {
            DemoApprovalOutcome.Approved => approvers.Select((a, i) => new DemoDecision(a,
                i == approvers.Count - 1 ? end : requestedAt + (end - requestedAt) * ((i + 1) / (double)(approvers.Count + 1)),
                NullIfEmpty(ApproveComments[random.Next(ApproveComments.Length)]))).ToList(),
            DemoApprovalOutcome.Rejected => [new DemoDecision(approvers[0], end, RejectComments[random.Next(RejectComments.Length)])],
            _ => [],
        };
        return new DemoApproval(assessment, requestedAt, Justifications[random.Next(Justifications.Length)], decisions, outcome,
            outcome == DemoApprovalOutcome.Rejected ? decisions[0].Comment : null);
    }

    /// <summary>Distinct approvers, none of them the requester (separation of duties; an Admin may approve others' requests).</summary>
    private static List<DemoUser> Approvers(Random random, DemoUser requester, int count)
    {
        var pool = new List<(DemoUser User, int Weight)> { (DemoCast.Approver, 55), (DemoCast.Approver2, 35), (DemoCast.Admin, 10) };
        pool.RemoveAll(p => p.User.Subject == requester.Subject);
        var chosen = new List<DemoUser>();
        while (chosen.Count < count && pool.Count > 0)
        {
            var next = Pick(random, [.. pool]);
            chosen.Add(next);
            pool.RemoveAll(p => p.User.Subject == next.Subject);
        }

        return chosen;
    }

    /// <summary>What happened after issue: charges within the card's rules and dates, sometimes a lower limit, sometimes a cancellation.</summary>
    private static DemoCardPlan Lifecycle(Random random, DemoCardPlan plan, DateTimeOffset now, bool live)
    {
        var start = plan.CreatedAt;
        var validUntil = new DateTimeOffset(plan.ValidTo.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero);
        var end = live ? now : Min(now - TimeSpan.FromMinutes(5), validUntil);
        DemoUpdate? update = null;
        var amount = plan.IssuedAmount;
        if (random.NextDouble() < 0.03)
        {
            var lower = Math.Max(50m, decimal.Round(amount * (decimal)(0.6 + random.NextDouble() * 0.3), 2));
            var at = live ? now : start + TimeSpan.FromHours(6 + random.NextDouble() * 90);
            if (at < end && lower < amount)
            {
                update = new DemoUpdate(at, lower);
                amount = lower;
                start = at;
            }
        }

        if (random.NextDouble() < (live ? 0.10 : 0.07))
        {
            var at = live ? now : start + TimeSpan.FromHours(1 + random.NextDouble() * 72);
            return at < end ? plan with { Amount = amount, Update = update, Cancel = new DemoCancel(at, CancelReasons[random.Next(CancelReasons.Length)]) } : plan with { Amount = amount, Update = update };
        }

        var charges = new List<DemoCharge>();
        var spanEnd = Min(end, start + TimeSpan.FromDays(plan.Template.Usage == "RECURRING" ? 365 : 20));
        DateTimeOffset When() => live ? now : start + (spanEnd - start) * random.NextDouble();
        switch (plan.Template.Usage)
        {
            case "SINGLE_USE" when random.NextDouble() < 0.88:
                charges.Add(new DemoCharge(When(), Cents(amount * (decimal)(0.6 + random.NextDouble() * 0.4))));
                break;
            case "RECURRING":
                // The limit comes back every month: one charge a month while it is valid.
                var monthly = Cents(amount * (decimal)(0.7 + random.NextDouble() * 0.3));
                if (live)
                {
                    charges.Add(new DemoCharge(now, monthly));
                    break;
                }

                for (var at = start + TimeSpan.FromHours(20); at < spanEnd && charges.Count < (live ? 1 : 12); at = at.AddMonths(1))
                {
                    charges.Add(new DemoCharge(at, monthly));
                }

                break;
            case "MULTI_USE":
                var count = Pick(random, (0, 10), (1, 30), (2, 30), (3, 20), (4, 10));
                var budget = amount * (decimal)(0.3 + random.NextDouble() * 0.7);
                for (var i = 0; i < count; i++)
                {
                    var share = Cents(budget / count * (decimal)(0.7 + random.NextDouble() * 0.3));
                    if (share >= 1m)
                    {
                        charges.Add(new DemoCharge(When(), share));
                    }
                }

                break;
        }

        charges = [.. charges.Where(c => c.At < end || live).OrderBy(c => c.At)];
        DemoCancel? cancel = null;
        if (random.NextDouble() < 0.05)
        {
            var at = live ? now : (charges.Count > 0 ? charges[^1].At : start) + TimeSpan.FromDays(1 + random.NextDouble() * 9);
            if (at < end)
            {
                cancel = new DemoCancel(at, CancelReasons[random.Next(CancelReasons.Length)]);
            }
        }

        return plan with { Amount = amount, Update = update, Charges = charges, Cancel = cancel };
    }

    private DemoTemplate PickTemplate(Random random)
    {
        var roll = random.NextDouble() * catalog.TotalWeight;
        foreach (var template in catalog.Templates)
        {
            roll -= template.Weight;
            if (roll < 0)
            {
                return template;
            }
        }

        return catalog.Templates[^1];
    }

    private string PickCurrency(Random random, DemoTemplate template)
    {
        var other = template.Definition.AllowedCurrencies.FirstOrDefault(c => c != template.Currency && catalog.FundingCards.ContainsKey(c));
        // Mostly the template's own currency; now and then the other one it allows (a dollar invoice on a peso template).
        return other is not null && random.NextDouble() < (template.Currency == "MXN" ? 0.05 : 0.10) ? other : template.Currency;
    }

    private static decimal Amount(Random random, DemoTemplate template, string currency)
    {
        var median = (double)template.MedianAmount;
        var max = template.MaxAmount;
        double amount;
        if (max > 100_000m && currency == "MXN" && random.NextDouble() < 0.015)
        {
            // The rare big ticket a finance team sees a few times a month: two approvers.
            amount = 100_000 + random.NextDouble() * ((double)max * 0.9 - 100_000);
        }
        else
        {
            // Log-normal around the template's usual size: many small cards, a long tail over the approval band.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            amount = median * Math.Exp(0.85 * normal);
        }

        var value = (decimal)amount;
        if (currency != template.Currency)
        {
            value = currency == "USD" ? value / PesosPerDollar : value * PesosPerDollar;
        }

        value = Math.Clamp(value, 50m, max);
        // People type round numbers for estimates and exact ones for invoices.
        return random.NextDouble() < 0.35 ? Math.Max(50m, Math.Round(value / 100m) * 100m) : Cents(value);
    }

    private static int ValidityDays(Random random, DemoTemplate template)
    {
        var max = Math.Max(1, template.ValidityDays - 1);
        var (low, high) = template.Usage switch
        {
            "SINGLE_USE" => (3, Math.Min(max, 30)),
            "RECURRING" => (Math.Min(max, 90), max),
            _ => (Math.Min(max, 15), Math.Min(max, 120)),
        };
        return random.Next(Math.Min(low, high), high + 1);
    }

    private static string Reference(Random random, DemoTemplate template, DateTimeOffset at)
    {
        var name = template.Row.Name;
        var year = at.Year.ToString(CultureInfo.InvariantCulture);
        var n = random.Next(1, 20_000);
        return name switch
        {
            _ when Has(name, "hotel", "viaje", "travel") => $"TRV-{year}-{n:D5}",
            _ when Has(name, "pago", "proveedor", "invoice") => $"INV-{(char)('A' + random.Next(3))}{n:D6}",
            _ when Has(name, "software", "saas", "suscrip") => $"SUB-{year}-{n % 5000:D4}",
            _ when Has(name, "publicidad", "marketing") => $"CMP-{year}-{n % 3000:D4}",
            _ => $"PO-{year}-{n:D6}",
        };
    }

    private static List<CustomFieldValue> CustomFields(Random random, DemoTemplate template, decimal amount, DateOnly validFrom, DateTimeOffset at)
    {
        var values = new List<CustomFieldValue>();
        foreach (var field in template.Definition.CustomFields)
        {
            if (!field.Required && random.NextDouble() < 0.5)
            {
                continue;
            }

            var value = FieldValue(random, field, amount, validFrom, at);
            if (field.MaxLength is { } max && value.Length > max)
            {
                value = value[..max];
            }

            values.Add(new CustomFieldValue(field.Name, value));
        }

        return values;
    }

    private static string FieldValue(Random random, TemplateCustomField field, decimal amount, DateOnly validFrom, DateTimeOffset at)
    {
        if (field.Options.Count > 0)
        {
            return field.Options[random.Next(field.Options.Count)];
        }

        var name = field.Name;
        return field.DataType switch
        {
            "Date" when Has(name, "invoice") => DateOnly.FromDateTime(at.UtcDateTime).AddDays(-random.Next(0, 10)).ToString(IssueCardRules.CustomFieldDateFormat, CultureInfo.InvariantCulture),
            "Date" => validFrom.AddDays(random.Next(0, 10)).ToString(IssueCardRules.CustomFieldDateFormat, CultureInfo.InvariantCulture),
            "Numeric" when Has(name, "amount") => decimal.Round(amount).ToString(CultureInfo.InvariantCulture),
            "Numeric" => random.Next(100, 1000).ToString(CultureInfo.InvariantCulture) + random.Next(0, 1000).ToString("D3", CultureInfo.InvariantCulture),
            _ when Has(name, "traveler") => Travelers[random.Next(Travelers.Length)],
            _ when Has(name, "campaign") => Campaigns[random.Next(Campaigns.Length)],
            _ when Has(name, "reason") => TripReasons[random.Next(TripReasons.Length)],
            _ when Has(name, "invoice") => $"FAC-{random.Next(1, 99_999):D5}",
            _ when Has(name, "contract") => $"CTR-{at.Year}-{random.Next(1, 999):D3}",
            _ when Has(name, "email") => "compras@example.com",
            _ when Has(name, "project") => $"PRJ-{random.Next(100, 9_999)}",
            _ => $"REF-{random.Next(100, 9_999)}",
        };
    }

    private Random RandomFor(long ordinal)
    {
        // FNV-1a of the company key: string.GetHashCode is randomized per process, and a plan must be the same in every run.
        var hash = 2166136261u;
        foreach (var c in catalog.Company.Key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return new Random(unchecked((int)hash ^ (seed * 1_000_003) ^ (int)(ordinal * 2_654_435_761L)));
    }

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            roll -= weight;
            if (roll < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
