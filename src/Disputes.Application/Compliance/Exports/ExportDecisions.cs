using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Mediator;

namespace Disputes.Application.Compliance.Exports;

/// <summary>
/// Compliance exports decisions with filters. The rows stream from the database to the response as they are read
/// (<see cref="DecisionExportWriter"/> flushes every few hundred rows), so a year of decisions needs constant memory.
/// </summary>
public sealed record ExportDecisions(DecisionExportFilter Filter) : IStreamQuery<DecisionExportRow>
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "json"];

    /// <summary>Checked before the response starts, so a bad filter is a 400 and not a broken download.</summary>
    public static void Validate(DecisionExportFilter filter, string format)
    {
        var errors = new RuleErrors();
        if (!Formats.Contains(format)) errors.Add("format", "Use 'csv' or 'json'.");
        if (filter.From is { } f && filter.To is { } t && t <= f) errors.Add("to", "'to' must be after 'from'.");
        if (filter.Category is { } c && !Categories.TryParse(c, out _)) errors.Add("category", $"Choose one of: {string.Join(", ", Categories.Names)}.");
        if (filter.Outcome is { } o && !OutcomeKinds.TryParse(o, out _)) errors.Add("outcome", $"Choose one of: {string.Join(", ", OutcomeKinds.Names)}.");
        if (filter.Stage is { } s && !Enum.TryParse<DecisionStage>(s, false, out _)) errors.Add("stage", $"Choose one of: {string.Join(", ", Enum.GetNames<DecisionStage>())}.");
        if (filter.Status is { } st && !Enum.TryParse<DecisionStatus>(st, false, out _)) errors.Add("status", $"Choose one of: {string.Join(", ", Enum.GetNames<DecisionStatus>())}.");
        DomainRuleException.ThrowIfAny("The export filter is not valid.", errors);
    }
}

public sealed class ExportDecisionsHandler(IDecisionExportSource source) : IStreamQueryHandler<ExportDecisions, DecisionExportRow>
{
    public IAsyncEnumerable<DecisionExportRow> Handle(ExportDecisions query, CancellationToken cancellationToken) => source.StreamAsync(query.Filter, cancellationToken);
}
