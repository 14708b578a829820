using Disputes.Application.Complaints;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>
/// Audit finding 5 over HTTP on PostgreSQL: statements follow the case. A reversal issues a follow-up statement to the
/// affected party that says what was lifted or changed, links the one it replaces and goes to the Transparency
/// Database; the replaced statement no longer offers the appeal; the decision mail carries the whole statement in the
/// party's language, legal ground and clause titles included.
/// </summary>
public class StatementLifecycleTests
{
    private static async Task AppealAsync(TestApp app, CaseFlowDriver driver, Guid id, string appellant, object body)
    {
        await CaseFlowDriver.OkAsync(await driver.PostAsync(appellant, $"/api/complaints/{id}/appeal", new { reason = "The listing was genuine." }));
        await app.SendAsync(new Disputes.Application.Complaints.AssignOpenTasks());
        var view = await driver.CaseAsync(id);
        await CaseFlowDriver.OkAsync(await driver.PostAsync(CaseFlowDriver.AssigneeOf(view, ComplaintProcess.Steps.AppealReview)!, $"/api/complaints/{id}/appeal/decision", body, view["version"]!.GetValue<long>()));
        await driver.DispatchAsync();
    }

    [Test]
    public async Task A_removal_reversed_on_appeal_gets_a_follow_up_statement_linked_to_the_first_and_sent_to_the_database()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        var id = await driver.CounterfeitRemovedAsync();

        // The decision mail carries the whole statement, in French for seller-pierre: legal ground and clause title translated.
        var decisionMail = (await app.ClientAs("admin-ops").GetFromJsonAsync<JsonObject>($"/api/local/mailbox?complaintId={id}"))!["items"]!.AsArray()
            .Single(m => m!["recipientId"]!.GetValue<string>() == "seller-pierre" && m["template"]!.GetValue<string>() == "decision")!["body"]!.GetValue<string>();
        Assert.That(decisionMail, Does.Contain("Exposé des motifs").And.Contain("Champ territorial").And.Contain("Aucun moyen automatisé")
            .And.Contain("La décision fait suite à un signalement").And.Contain("Fondement juridique : Contrefaçon de marque")
            .And.Contain("IP-1.1 Contrefaçons et propriété intellectuelle"));
        Assert.That(decisionMail, Does.Not.Contain("Trade mark infringement").And.Not.Contain("Counterfeits and intellectual property"), "nothing left in English");

        await AppealAsync(app, driver, id, "seller-pierre", new
        {
            reverse = true, revisedOutcomes = new object[] { new { kind = "full-refund" } }, clauses = new[] { "BP-3.1" },
            reasons = "The certificate proves the bag genuine; the refund stands as the buyer returned it.",
        });

        var mine = (await app.ClientAs("seller-pierre").GetFromJsonAsync<JsonArray>($"/api/complaints/{id}/statements"))!;
        Assert.That(mine, Has.Count.EqualTo(2));
        var first = mine.Single(s => s!["revises"] is null)!;
        var followUp = mine.Single(s => s!["revises"] is not null)!;
        var firstPuid = first["puid"]!.GetValue<string>();
        Assert.That(followUp["puid"]!.GetValue<string>(), Is.EqualTo(firstPuid + "-r2"));
        Assert.That((followUp["revises"]!.GetValue<string>(), followUp["change"]!.GetValue<string>()), Is.EqualTo((firstPuid, "lifted")));
        Assert.That(first["replacedBy"]!.GetValue<string>(), Is.EqualTo(followUp["puid"]!.GetValue<string>()));

        var followUpText = followUp["statement"]!["text"]!.GetValue<string>();
        Assert.That(followUpText, Does.Contain("Exposé des motifs (révisé sur recours)").And.Contain("Levée sur recours").And.Contain(firstPuid));
        var firstText = first["statement"]!["text"]!.GetValue<string>();
        Assert.That(firstText, Does.Contain("remplacé sur recours par l'exposé " + followUp["puid"]!.GetValue<string>()));
        Assert.That(firstText, Does.Not.Contain("système interne de réclamation").And.Not.Contain("jusqu'au 2027"), "no appeal offered once the appeal is decided");

        var appealMail = (await app.ClientAs("admin-ops").GetFromJsonAsync<JsonObject>($"/api/local/mailbox?complaintId={id}"))!["items"]!.AsArray()
            .Single(m => m!["recipientId"]!.GetValue<string>() == "seller-pierre" && m["template"]!.GetValue<string>() == "appeal-decision")!["body"]!.GetValue<string>();
        Assert.That(appealMail, Does.Contain("Exposé des motifs (révisé sur recours)"), "the appeal mail carries the follow-up");

        var run = await app.SendAsync(new SubmitStatements());
        Assert.That((run.Sent, run.Accepted, run.Invalid), Is.EqualTo((2, 2, 0)));
        var sink = (await app.ClientAs("admin-ops").GetFromJsonAsync<JsonObject>("/api/local/dsa-statements"))!["items"]!.AsArray();
        var sent = sink.Single(s => s!["puid"]!.GetValue<string>() == firstPuid + "-r2")!["statement"]!;
        TestContext.Out.WriteLine(sent.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Assert.That(sent["decision_visibility"]![0]!.GetValue<string>(), Is.EqualTo("DECISION_VISIBILITY_OTHER"));
        Assert.That(sent["decision_visibility_other"]!.GetValue<string>(), Does.Contain("Lifted on appeal").And.Contain(firstPuid));
        Assert.That(sent["decision_facts"]!.GetValue<string>(), Does.Contain("replaces statement " + firstPuid));
    }
}
