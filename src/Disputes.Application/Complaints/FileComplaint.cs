using Disputes.Application.Ports;
using System.Text.Json.Nodes;
using Disputes.Application.Security;
using Disputes.Domain;
using Disputes.Domain.Complaints;
using Disputes.Domain.Outcomes;
using Disputes.Domain.Review;
using Disputes.Workflows.Runtime;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Application.Complaints;

/// <summary>
/// A buyer or seller files a complaint about an order and some of its items. A repeat of an open complaint (same
/// order, items and category) is attached to it as a message: no second case, no clock restarted.
/// </summary>
public sealed record FileComplaint(string OrderId, IReadOnlyList<string> ItemIds, string Category, string Description, string? Language, bool QuickQuestion)
    : ICommand<FiledComplaint>;

/// <param name="Contact">The channel advice written in the filing's language, with the contact details to act on it.</param>
public sealed record FiledComplaint(Guid Id, string Number, bool AttachedToExisting, string RecommendedChannel, string ChannelReason, IReadOnlyList<string> AlsoPossible, long Version,
    ContactAdviceView? Contact = null);

public sealed class FileComplaintHandler(
    IComplaintRepository complaints, IMarketplace marketplace, IUnitOfWork unitOfWork, WorkflowRuntime runtime, ICurrentUser user,
    IUserDirectory users, IOptions<ComplaintOptions> options, TimeProvider clock, ContactAdvice contactAdvice) : ICommandHandler<FileComplaint, FiledComplaint>
{
    private const int MaxAttempts = 5;

    public async ValueTask<FiledComplaint> Handle(FileComplaint command, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!Categories.TryParse(command.Category, out var category))
            throw new DomainRuleException("category", $"Choose one of: {string.Join(", ", Categories.Names)}.");
        var order = await marketplace.FindOrderAsync(command.OrderId ?? "", cancellationToken);
        if (order is null || (order.BuyerId != user.Id && order.SellerId != user.Id))
            throw new DomainRuleException("orderId", $"Order '{command.OrderId}' is not one of your orders.");
        var itemIds = command.ItemIds ?? [];
        var language = command.Language ?? users.Find(user.Id)?.Language ?? (await marketplace.FindAccountAsync(user.Id, cancellationToken))?.Language ?? "en";
        var now = clock.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var filed = await FileAsync(command, settings, category, order, itemIds, language, now, cancellationToken);
                Telemetry.DisputesTelemetry.ComplaintsFiled.Add(1, new KeyValuePair<string, object?>("category", category.Name()), new KeyValuePair<string, object?>("attached", filed.AttachedToExisting));
                return filed;
            }
            catch (Exception ex) when (ex is DuplicateOpenCaseException or StaleCaseException && attempt < MaxAttempts)
            {
                // Filings raced: another one opened the case (unique open repeat key) or attached to it first.
                // Nothing of this attempt was committed; the next one finds the open case and attaches to it.
            }
        }
    }

    private async Task<FiledComplaint> FileAsync(FileComplaint command, ComplaintOptions settings, ComplaintCategory category, Domain.Marketplace.Order order,
        IReadOnlyList<string> itemIds, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        if (await complaints.FindOpenRepeatAsync(order.Id, category, itemIds, cancellationToken) is { } open)
        {
            open.AttachRepeatFiling(user.Id, command.Description, now);
            await complaints.SaveChangesAsync(cancellationToken);
            await unitOfWork.CommitAsync(cancellationToken);
            return new FiledComplaint(open.Id, open.Number, true, open.RecommendedChannel.ToString().ToLowerInvariant(), open.ChannelReason, [], open.Version, contactAdvice.For(open, language));
        }

        var channel = contactAdvice.Policy.Recommend(Math.Max(1, itemIds.Count), language, category, command.QuickQuestion);
        var expertReasons = new EscalationPolicy(settings.ExpertThresholds).CaseReasons(category, order.AmountPaid, order.Currency);
        var complaint = Complaint.File(Guid.CreateVersion7(now), order, itemIds, category, command.Description, language, user.Id, channel, expertReasons, now);
        complaints.Add(complaint);
        await complaints.SaveChangesAsync(cancellationToken);

        var clocks = new JsonObject(settings.Clocks.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var input = new JsonObject
        {
            ["complaintId"] = complaint.Id.ToString(),
            ["complainantId"] = complaint.ComplainantId,
            ["respondentId"] = complaint.RespondentId,
            ["category"] = category.Name(),
            ["expertRequired"] = expertReasons.Count > 0,
            ["clocks"] = clocks,
            ["filingEffects"] = CaseSteps.EffectsJson(EffectPlan.ForFiling(complaint)),
        };
        var started = await runtime.StartAsync(new StartRequest(ComplaintProcess.DefinitionId, null, complaint.Id.ToString(), input, user.Id), cancellationToken);
        complaint.LinkWorkflow(started.InstanceId);
        await complaints.SaveChangesAsync(cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        return new FiledComplaint(complaint.Id, complaint.Number, false, channel.Channel.ToString().ToLowerInvariant(), channel.Reason,
            channel.AlsoPossible.Select(c => c.ToString().ToLowerInvariant()).ToList(), complaint.Version, contactAdvice.For(complaint, language));
    }
}
