using ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// The one place that knows Clara's detail field names (amount, currency, validFrom, validTo, supplierId,
/// rcnId, templateId, customFields[name], reference) and turns them into the issue form's field names.
/// </summary>
public static class ClaraErrorMapping
{
    public static IReadOnlyList<IssueFieldError> ToFieldErrors(ClaraApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var errors = exception.Details.Select(d => new IssueFieldError(FieldFor(d.Field), d.Issue)).ToList();
        if (errors.Count == 0 && !string.IsNullOrWhiteSpace(exception.ClaraMessage) && exception.StatusCode == 422)
        {
            // A business rule with no detail: show it on the amount, where Clara's only documented code (B013) belongs.
            errors.Add(new IssueFieldError(IssueFields.Amount, exception.ClaraMessage));
        }

        return errors;
    }

    /// <summary>The form field for one of Clara's detail field names; unknown names pass through unchanged.</summary>
    public static string FieldFor(string? claraField)
    {
        var field = claraField?.Trim() ?? "";
        if (field.StartsWith("customFields[", StringComparison.Ordinal) && field.EndsWith(']'))
        {
            return IssueFields.CustomField(field["customFields[".Length..^1]);
        }

        if (field.StartsWith("customFields", StringComparison.Ordinal) && field.Contains('/', StringComparison.Ordinal))
        {
            // Another spelling some of Clara's pages use: customFields/<name>.
            return IssueFields.CustomField(field[(field.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        }

        return field switch
        {
            "amount" => IssueFields.Amount,
            "currency" => IssueFields.Currency,
            "validFrom" => IssueFields.ValidFrom,
            "validTo" => IssueFields.ValidTo,
            "supplierId" => IssueFields.Supplier,
            "rcnId" => IssueFields.FundingCard,
            "templateId" => IssueFields.Template,
            "reference" => IssueFields.Reference,
            _ => field,
        };
    }
}
