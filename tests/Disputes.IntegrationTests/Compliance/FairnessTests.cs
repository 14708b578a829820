using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Persistence.Rows;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>Fairness checks on PostgreSQL: reviewer against peers per category, recusals, four-eyes, assignment overrides.</summary>
[TestFixture]
public class FairnessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static DecisionRow Row(string reviewer, string category, string outcomes, int hours, string status = "Effective", string? approvedBy = null, bool needsSecond = false) => new()
    {
        ComplaintId = Guid.NewGuid(), Number = 1, CaseNumber = "C-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(), Category = category, Language = "en",
        ComplainantSide = "buyer", BuyerId = "b", SellerId = "s", Currency = "EUR", AmountPaid = 50m, FiledAt = T0, Stage = needsSecond ? "Expert" : "Review", Status = status,
        OutcomeKinds = "," + outcomes + ",", Clauses = ",BP-4.1,", DecidedBy = reviewer, DecidedAt = T0.AddHours(hours), ApprovedBy = approvedBy,
        ApprovedAt = approvedBy is null ? null : T0.AddHours(hours + 1), NeedsSecondApproval = needsSecond,
    };

    [Test]
    public async Task A_reviewer_who_decides_unlike_peers_is_flagged_and_four_eyes_gaps_and_overrides_are_named()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql);
        await using var app = await TestApp.StartAsync(database);
        await app.WithDbAsync(async db =>
        {
            // damaged: rev-sam always refunds in full and slowly; rev-ines is reversed half the time; rev-kofi decides a mix.
            for (var i = 0; i < 6; i++) db.Decisions.Add(Row("rev-sam", "damaged", "full-refund", 100));
            for (var i = 0; i < 6; i++) db.Decisions.Add(Row("rev-ines", "damaged", i % 2 == 0 ? "partial-refund" : "no-action", 10, status: i < 3 ? "Reversed" : "Effective"));
            for (var i = 0; i < 6; i++) db.Decisions.Add(Row("rev-kofi", "damaged", i < 2 ? "full-refund" : i < 4 ? "partial-refund" : "no-action", 12));
            db.Decisions.Add(Row("exp-maria", "fraud", "account-suspension", 5, approvedBy: "exp-tom", needsSecond: true));
            db.Decisions.Add(Row("exp-maria", "fraud", "account-suspension", 6, approvedBy: null, needsSecond: true));
            db.Decisions.Add(Row("exp-tom", "fraud", "law-enforcement-referral", 7, status: "AwaitingApproval", needsSecond: true));
            return await db.SaveChangesAsync();
        });
        var driver = new CaseFlowDriver(app);
        await CaseFlowDriver.OkAsync(await driver.PostAsync("rev-ines", "/api/conflicts", new { accountId = "seller-anna", reason = "Family." }));
        await CaseFlowDriver.OkAsync(await driver.PostAsync("rev-ines", "/api/conflicts", new { accountId = "seller-artshop", reason = "Former employer." }));

        // A lead takes a review from its assignee and claims it: both are overrides of the automatic assignment.
        var id = await driver.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken.");
        await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{id}/settlement/refuse", new { statement = "It left intact." }));
        var view = await driver.CaseAsync(id);
        var task = view["openTasks"]!.AsArray().Single(t => t!["step"]!.GetValue<string>() == "review")!;
        var assignee = task["assignee"]!.GetValue<string>();
        var taskId = task["id"]!.GetValue<string>();
        await CaseFlowDriver.OkAsync(await driver.PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{taskId}/release", null));
        await CaseFlowDriver.OkAsync(await driver.PostAsync("lead-olga", $"/api/complaints/{id}/tasks/{taskId}/claim", null));

        var from = Uri.EscapeDataString(T0.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(T0.AddDays(30).ToString("O"));
        var report = (await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>($"/api/compliance/fairness?from={from}&to={to}"))!;
        TestContext.Out.WriteLine(report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        JsonNode Damaged(string reviewer) => report["reviewers"]!.AsArray().Single(r => r!["reviewerId"]!.GetValue<string>() == reviewer)!["categories"]!.AsArray()
            .Single(c => c!["category"]!.GetValue<string>() == "damaged")!;
        static List<string> Flags(JsonNode c) => c["flags"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();

        var sam = Damaged("rev-sam");
        Assert.That(sam["outcomeMix"]!["full-refund"]!.GetValue<double>(), Is.EqualTo(1.0));
        Assert.That(sam["peerOutcomeMix"]!["full-refund"]!.GetValue<double>(), Is.EqualTo(Math.Round(2.0 / 12, 4)));
        Assert.That(sam["medianHoursToDecision"]!.GetValue<double>(), Is.EqualTo(100));
        Assert.That(sam["peerMedianHoursToDecision"]!.GetValue<double>(), Is.EqualTo(11));
        Assert.That(Flags(sam), Has.Some.StartsWith("outcome mix: 100% full-refund").And.Some.StartsWith("time to decision"));
        var ines = Damaged("rev-ines");
        Assert.That((ines["reversedOnAppeal"]!.GetValue<int>(), ines["reversalRate"]!.GetValue<double>(), ines["peerReversalRate"]!.GetValue<double>()), Is.EqualTo((3, 0.5, 0.0)));
        Assert.That(Flags(ines), Has.Some.StartsWith("reversed on appeal"));
        Assert.That(Flags(Damaged("rev-kofi")).Where(f => f.StartsWith("reversed", StringComparison.Ordinal) || f.StartsWith("time", StringComparison.Ordinal)), Is.Empty);
        var inesRow = report["reviewers"]!.AsArray().Single(r => r!["reviewerId"]!.GetValue<string>() == "rev-ines")!;
        Assert.That(inesRow["recusals"]!.GetValue<int>(), Is.EqualTo(2));

        var fourEyes = report["fourEyes"]!;
        Assert.That((fourEyes["required"]!.GetValue<int>(), fourEyes["compliant"]!.GetValue<int>(), fourEyes["pending"]!.GetValue<int>()), Is.EqualTo((3, 1, 1)));
        Assert.That(fourEyes["violations"]!.AsArray().Single()!["problem"]!.GetValue<string>(), Does.Contain("without a second expert"));

        var overrides = report["assignmentOverrides"]!.AsArray().Select(o => (o!["action"]!.GetValue<string>(), o["by"]!.GetValue<string>(), o["previousAssignee"]?.GetValue<string>())).ToList();
        Assert.That(overrides, Is.EqualTo(new[] { ("task.released", "lead-olga", assignee), ("task.claimed", "lead-olga", (string?)null) }));
    }
}
