using Disputes.Application.Complaints;
using Disputes.Application.Security;

namespace Disputes.Web.Ui;

/// <summary>Who a step waits on, in a party's words: you, the other party, or a role (never a staff member's id).</summary>
public static class PartyWords
{
    public static string WaitingOn(UiText t, ComplaintView view, TaskView task, string me)
    {
        if (task.Assignee == me || task.WaitingOn == me) return t["wait.you"];
        if (task.Assignee == view.BuyerId || task.WaitingOn == view.BuyerId) return t["wait.buyer"];
        if (task.Assignee == view.SellerId || task.WaitingOn == view.SellerId) return t["wait.seller"];
        return ComplaintProcess.Find(task.Step) switch
        {
            { Holder: PartyHolder.EitherParty } => t["wait.either"],
            { Role: Roles.Expert } => t["wait.expert"],
            { Role: Roles.Lead } => t["wait.lead"],
            _ => t["wait.reviewer"],
        };
    }

    /// <summary>An outcome in the party's language, with its amount or end date.</summary>
    public static string Outcome(UiText t, OutcomeView o)
    {
        var key = "outcome." + o.Kind + (o.Permanent && o.Kind is "account-suspension" or "account-restriction" ? ".permanent" : "");
        return t[key].Value.Replace("{amount}", o.Amount is { } a ? t.Money(a, o.Currency ?? "") : "", StringComparison.Ordinal)
            .Replace("{until}", t.Day(o.Until), StringComparison.Ordinal);
    }
}
