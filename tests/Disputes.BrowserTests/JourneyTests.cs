using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;
using Disputes.Application.Effects;
using Disputes.Application.Workflows;
using Disputes.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Disputes.BrowserTests;

/// <summary>
/// One journey per user group, each from sign-in to the end, in Chromium against the real app. What other people do
/// meanwhile (the other party, another reviewer, the timers and the outbox) happens through the same use cases,
/// as those people and the pumps would do it.
/// </summary>
[TestFixture, NonParallelizable]
public class JourneyTests : BrowserTest
{
    /// <summary>A payment port that fails until repaired: its effect becomes an incident for the operator journey.</summary>
    private sealed class UnreliablePayments : IEffectHandler
    {
        public volatile bool Broken = true;
        public IReadOnlyCollection<string> Kinds => ["unreliable-payment"];
        public Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken) =>
            Broken ? throw new HttpRequestException("payments API answered 503") : Task.CompletedTask;
    }

    private const string PayoutDefinition = """
        { "id": "payout-flow", "version": 1, "name": "Payout to a seller", "activities": [
          { "id": "start", "type": "start", "next": "pay" },
          { "id": "pay", "type": "effect", "effect": "unreliable-payment", "payload": { "orderId": "$.orderId" }, "next": "done" },
          { "id": "done", "type": "end" } ] }
        """;

    private readonly UnreliablePayments payments = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IEffectHandler>(payments);

    protected override Dictionary<string, string?> Settings() =>
        new() { ["Workflows:DefinitionsPath"] = Repo.WorkflowsWith(("payout-flow.v1.json", PayoutDefinition)) };

    private Task<FiledComplaint> FileAsync(string party, string order, string[] items, string category, string text) =>
        App.AsAsync(party, m => m.Send(new FileComplaint(order, items, category, text, null, false)));

    private Task<ComplaintView> CaseAsync(Guid id) => App.AsAsync("comp-lena", m => m.Send(new GetComplaint(id)));

    private static string AssigneeOf(ComplaintView view, string step) =>
        view.OpenTasks.Single(t => t.Step == step).Assignee ?? throw new AssertionException($"'{step}' of {view.Number} is not assigned.");

    /// <summary>The seller declines to settle and the assigned reviewer decides a partial refund citing <paramref name="clause"/>.</summary>
    private async Task<(ComplaintView View, string Reviewer)> DecidedAsync(Guid id, string seller, decimal amount, string clause, string reasons)
    {
        await App.AsAsync(seller, m => m.Send(new RefuseSettlement(id, "The item left here in perfect condition.")));
        var view = await CaseAsync(id);
        var reviewer = AssigneeOf(view, "review");
        await App.AsAsync(reviewer, m => m.Send(new DecideComplaint(id, view.Version,
            [new OutcomeInput("partial-refund", amount, "EUR", null, null, null, false, null, null)], [clause],
            "The photos show the damage described.", reasons)));
        await App.SystemAsync(new DispatchOutbox());
        await App.SystemAsync(new DispatchOutbox());
        return (await CaseAsync(id), reviewer);
    }

    [Test]
    public async Task Buyer_files_a_complaint_with_evidence_and_later_sees_the_outcome()
    {
        var page = await SignInAsync("buyer-emma", "/my/cases/new");
        await Expect(page.Locator("h1")).ToHaveTextAsync("File a complaint");
        // Filing an empty form names every missing field at once, by its label, and files nothing.
        await page.GetByTestId("file-submit").ClickAsync();
        var problem = page.GetByTestId("problem");
        await Expect(problem.Locator("li")).ToHaveCountAsync(3);
        await Expect(problem.Locator("li[data-field='orderId']")).ToHaveTextAsync("Which order is it about?: Choose the order.");
        await Expect(problem.Locator("li[data-field='category']")).ToContainTextAsync("Choose what the problem is.");
        await Expect(problem.Locator("li[data-field='description']")).ToContainTextAsync("Describe the problem");
        await Expect(page.Locator(".field-error[data-field='orderId']")).ToBeVisibleAsync();
        await Expect(page.Locator(".field-error[data-field='category']")).ToBeVisibleAsync();
        await ShotAsync(page, "buyer-0-all-errors-at-once");

        await page.GetByRole(AriaRole.Radio, new() { Name = "ORD-1003" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Histoire de Melody Nelson" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Item damaged" }).CheckAsync();
        await page.GetByLabel("Describe the problem").FillAsync("The Gainsbourg LP arrived with a cracked sleeve and a warped disc.");
        await Expect(page.Locator("#evidence-limits")).ToContainTextAsync("Up to 10 MB per file");
        // Three good files and a program: the program is refused as soon as it is chosen, before anything is filed.
        await page.Locator("#evidence").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "sleeve.png", MimeType = "image/png", Buffer = Png() },
            new FilePayload { Name = "receipt.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("Delivered 20 Nov, box crushed on one corner.") },
            new FilePayload { Name = "tool.exe", MimeType = "application/x-msdownload", Buffer = Encoding.ASCII.GetBytes("MZ not a photo") },
        });
        var chosen = page.GetByTestId("chosen-file");
        await Expect(chosen).ToHaveCountAsync(4);
        await Expect(chosen.Filter(new() { HasText = "tool.exe" })).ToContainTextAsync("tool.exe: this type of file is not accepted; use JPEG, PNG, WEBP, PDF, TXT.");
        await Expect(chosen.Filter(new() { HasText = "sleeve.png" })).ToContainTextAsync("ready to attach");
        await page.GetByTestId("file-submit").ClickAsync();
        await Expect(page.GetByTestId("problem").Locator("li[data-field='file']")).ToContainTextAsync("Remove the files that cannot be attached");
        await Expect(page.GetByTestId("filed")).ToHaveCountAsync(0);
        await AssertLabelledAsync(page);
        await ShotAsync(page, "buyer-1-file-complaint");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove tool.exe" }).ClickAsync();
        await Expect(chosen).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("problem")).ToHaveCountAsync(0);
        await page.GetByTestId("file-submit").ClickAsync();

        await Expect(page.GetByTestId("filed")).ToContainTextAsync("Your complaint has been filed as case");
        await Expect(page.GetByTestId("channel")).ToContainTextAsync("We recommend email, because you are reporting a problem with an item");
        // The advice can be acted on: the address to write to, as a link, with the reply time.
        await Expect(page.GetByTestId("contact-email")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^mailto:.+@.+"));
        await Expect(page.GetByTestId("contact-details")).ToContainTextAsync("7");
        foreach (var name in new[] { "sleeve.png", "receipt.pdf", "notes.txt" })
            await Expect(page.GetByTestId("evidence-result").Filter(new() { HasText = name })).ToContainTextAsync("Evidence added");
        await ShotAsync(page, "buyer-2-filed-channel");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the case" }).ClickAsync();
        await Expect(page.GetByTestId("current-step")).ToHaveTextAsync("The seller (or buyer) is invited to settle directly");
        await Expect(page.GetByTestId("waiting-on")).ToHaveTextAsync("the seller");
        await Expect(page.GetByTestId("deadline").First).ToContainTextAsync("left");
        foreach (var name in new[] { "sleeve.png", "receipt.pdf", "notes.txt" })
            await Expect(page.GetByTestId("evidence")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Statement");
        await AssertLabelledAsync(page);
        await ShotAsync(page, "buyer-3-case-open");
        var id = Guid.Parse(page.Url.Split('/').Last());

        // Meanwhile the seller declines to settle and a reviewer decides.
        await DecidedAsync(id, "seller-pierre", 60m, "BP-4.1", "The seller did not pack the record adequately.");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Decided");
        await Expect(page.GetByTestId("outcome")).ToContainTextAsync("Partial refund of 60.00 EUR");
        await Expect(page.GetByTestId("reasons")).ToHaveTextAsync("The seller did not pack the record adequately.");
        await Expect(page.GetByTestId("policy")).ToContainTextAsync("BP-4.1 Damaged in transit");
        await Expect(page.GetByTestId("redress")).ToContainTextAsync("Appeal free of charge");
        await Expect(page.GetByTestId("appeal")).ToContainTextAsync("You can appeal free of charge until");
        await ShotAsync(page, "buyer-4-outcome");

        // Within the window, the buyer appeals: someone who took no part looks at it again.
        await page.GetByLabel("Why do you appeal?").FillAsync("60 EUR does not cover a warped first pressing; I ask for a full refund.");
        await page.GetByTestId("send-appeal").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Your appeal has been received.");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Under appeal");
        await Expect(page.GetByTestId("current-step")).ToHaveTextAsync("Someone new is re-examining the case on appeal");
        await ShotAsync(page, "buyer-5-appealed");
    }

    [Test]
    public async Task An_appeal_is_reversed_by_a_reviewer_who_took_no_part_and_the_buyer_sees_the_new_outcome()
    {
        var filed = await FileAsync("buyer-zofia", "ORD-1026", ["ORD-1026-2"], "damaged", "The Gispen lamp arrived with a dented shade.");
        var (_, decider) = await DecidedAsync(filed.Id, "seller-vintagehuis", 20m, "BP-4.1", "Minor damage: a small partial refund.");
        await App.AsAsync("buyer-zofia", m => m.Send(new AppealDecision(filed.Id, "The dent makes the lamp unusable; I ask for a full refund.")));
        var view = await CaseAsync(filed.Id);
        var appealReviewer = AssigneeOf(view, "appeal-review");
        Assert.That(appealReviewer, Is.Not.EqualTo(decider), "never the first decider");

        var page = await SignInAsync(appealReviewer, $"/review/cases/{filed.Id}", "en");
        var decide = page.GetByTestId("decide");
        await Expect(decide).ToContainTextAsync("Decide the appeal");
        await Expect(Said(page, "buyer", "I ask for a full refund")).ToBeVisibleAsync();
        await decide.GetByRole(AriaRole.Radio, new() { Name = "Reverse it" }).CheckAsync();
        await decide.Locator("[data-outcome='full-refund']").GetByRole(AriaRole.Checkbox).CheckAsync();
        await decide.Locator("[data-clause='BP-4.1']").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Reasons").FillAsync("The dent cannot be repaired without refinishing: the damage is not minor.");
        await ShotAsync(page, "appeal-1-reverse");
        await page.GetByTestId("submit-decision").ClickAsync();
        await ConfirmAsync(page, "appeal-1b-confirm");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Appeal decided: reversed.");
        await ShotAsync(page, "appeal-2-decided");
        Assert.That((await CaseAsync(filed.Id)).Decisions.Select(d => d.Status), Does.Contain(Disputes.Domain.Outcomes.DecisionStatus.Reversed));
        await App.SystemAsync(new DispatchOutbox());
        await App.SystemAsync(new DispatchOutbox());

        // Zofia reads Polish: the new outcome is in her language.
        var buyer = await SignInAsync("buyer-zofia", $"/my/cases/{filed.Id}");
        await Expect(buyer.Locator("html")).ToHaveAttributeAsync("lang", "pl");
        var onAppeal = buyer.GetByTestId("outcome").Last;
        await Expect(onAppeal.Locator("h2")).ToHaveTextAsync("Decyzja w sprawie odwołania");
        await Expect(onAppeal).ToContainTextAsync("Pełny zwrot");
        await Expect(buyer.GetByTestId("decision-reversed")).ToContainTextAsync("zmieniona w wyniku odwołania");
        await ShotAsync(buyer, "appeal-3-buyer-sees-reversal");
    }

    [Test]
    public async Task Seller_offers_a_settlement_in_his_language_and_the_buyer_accepts_it()
    {
        var filed = await FileAsync("buyer-emma", "ORD-1001", ["ORD-1001-1"], "not-received", "The art deco lamp never arrived.");

        // The seller's own language is Dutch: his pages are in Dutch until he chooses another.
        var seller = await SignInAsync("seller-vintagehuis", $"/my/cases/{filed.Id}");
        await Expect(seller.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Expect(seller.GetByTestId("waiting-on")).ToHaveTextAsync("u");
        await Expect(seller.GetByTestId("settle")).ToContainTextAsync("Onderling oplossen");
        await seller.Locator("#settle-amount").FillAsync("50");
        await seller.Locator("#settle-note").FillAsync("Het spijt ons: 50 EUR terug?");
        await ShotAsync(seller, "seller-1-offer");
        await seller.GetByTestId("offer-settlement").ClickAsync();
        await Expect(seller.GetByTestId("notice")).ToHaveTextAsync("Uw voorstel is verstuurd.");
        await Expect(seller.GetByTestId("waiting-on")).ToHaveTextAsync("de koper");
        await ShotAsync(seller, "seller-2-offer-sent");

        // My cases marks the case that waits on the buyer now.
        var buyer = await SignInAsync("buyer-emma", "/my/cases");
        var mine = buyer.GetByTestId("my-cases").Locator($"tr[data-case='{filed.Number}']");
        await Expect(mine).ToHaveAttributeAsync("data-waits-on-me", "yes");
        await Expect(mine.GetByTestId("your-turn")).ToHaveTextAsync("Your turn");
        await ShotAsync(buyer, "buyer-5b-my-cases-your-turn");
        await mine.GetByRole(AriaRole.Link, new() { Name = filed.Number }).ClickAsync();
        await Expect(buyer.GetByTestId("offer")).ToContainTextAsync("The other party offers you 50.00 EUR.");
        await Expect(buyer.GetByTestId("offer-note")).ToContainTextAsync("Het spijt ons: 50 EUR terug?");
        await Expect(buyer.GetByTestId("what-next")).ToContainTextAsync("What happens next: you, by");
        await buyer.GetByTestId("accept-offer").ClickAsync();
        await Expect(buyer.GetByTestId("confirm-dialog")).ToContainTextAsync("Accept 50.00 EUR? The case is then settled and closed");
        await ConfirmAsync(buyer, "buyer-5c-confirm-accept");
        await Expect(buyer.GetByTestId("notice")).ToHaveTextAsync("You accepted the offer; the refund will be paid.");
        await App.SystemAsync(new DispatchOutbox());
        await App.SystemAsync(new DispatchOutbox());
        await buyer.ReloadAsync();
        await Expect(buyer.GetByTestId("status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Settled|Closed)$"));
        await Expect(buyer.GetByTestId("timeline")).ToContainTextAsync("Answer to the settlement offer");
        await Expect(buyer.GetByTestId("settlement")).ToContainTextAsync("Settled: 50.00 EUR agreed on 23 Nov 2026");
        await Expect(buyer.GetByTestId("refund")).ToContainTextAsync("Refunded: 50.00 EUR of the 192.50 EUR paid.");
        await ShotAsync(buyer, "buyer-6-settlement-accepted");
    }

    [Test]
    public async Task Reviewer_claims_a_case_requests_information_and_decides_citing_policy()
    {
        var filed = await FileAsync("buyer-daan", "ORD-1015", ["ORD-1015-2"], "not-as-described", "The vase has a repaired chip that the listing did not show.");
        await App.AsAsync("seller-anna", m => m.Send(new RefuseSettlement(filed.Id, "The vase was described honestly.")));
        var holder = AssigneeOf(await CaseAsync(filed.Id), "review");
        var reviewTask = (await CaseAsync(filed.Id)).OpenTasks.Single(t => t.Step == "review").Id;
        await App.AsAsync(holder, m => m.Send(new ReleaseTask(filed.Id, reviewTask)));

        var page = await SignInAsync("rev-sam", "/review", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Review queues");
        await page.Locator("[data-queue='Unassigned']").ClickAsync();
        var row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row).ToContainTextAsync("Item not as described");
        await Expect(row.GetByTestId("deadline")).ToContainTextAsync("left");
        await AssertLabelledAsync(page);
        await ShotAsync(page, "reviewer-1-unassigned-queue");
        await row.GetByRole(AriaRole.Link, new() { Name = filed.Number }).ClickAsync();

        await Expect(Said(page, "buyer", "repaired chip")).ToBeVisibleAsync();
        await Expect(Said(page, "seller", "described honestly")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("order")).ToContainTextAsync("Krosno art glass vase");
        await Expect(page.GetByTestId("workflow-diagram").Locator("g[data-activity='direct-resolution']")).ToHaveAttributeAsync("data-state", "visited");
        await Expect(page.GetByTestId("workflow-diagram").Locator("g[data-activity='review']")).ToHaveAttributeAsync("data-state", "current");
        await page.GetByTestId("tasks").GetByTestId("claim").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("You hold “Review” now.");

        await page.GetByTestId("request-info").GetByRole(AriaRole.Radio, new() { Name = "Buyer (buyer-daan)" }).CheckAsync();
        await page.GetByLabel("Question").FillAsync("Please send a photo of the chip next to a ruler.");
        await page.GetByTestId("send-request").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Information requested");
        // The reviewer who asked keeps the case while the party answers: it stays on screen, waiting on the buyer.
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("ruler");
        await ShotAsync(page, "reviewer-2-information-requested");

        // The buyer answers; the review comes back to the reviewer who asked, without a claim.
        await App.AsAsync("buyer-daan", m => m.Send(new AnswerInformationRequest(filed.Id, "Photo attached: the chip is 4 mm, glued.", null)));
        var back = await CaseAsync(filed.Id);
        Assert.That(back.OpenTasks.Single(t => t.Step == ComplaintProcess.Steps.Review).Assignee, Is.EqualTo("rev-sam"));
        await page.ReloadAsync();
        await Expect(Said(page, "buyer", "the chip is 4 mm")).ToBeVisibleAsync();

        // Decide: first an amount above what was paid, refused next to the field exactly as the API refuses it.
        var decide = page.GetByTestId("decide");
        await decide.Locator("[data-outcome='partial-refund']").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.Locator("#outcome-amount").FillAsync("9999");
        await decide.Locator("[data-clause='BP-3.1']").GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Facts").FillAsync("The listing photos hide a 4 mm glued chip on the rim.");
        await page.GetByLabel("Reasons").FillAsync("An undisclosed repair makes the vase not as described; the buyer keeps it with a partial refund.");
        await page.GetByTestId("submit-decision").ClickAsync();
        await ConfirmAsync(page, "reviewer-3a-confirm-decision");
        await Expect(decide).ToContainTextAsync("At most 395.00 EUR can be refunded");
        await AssertLabelledAsync(page);
        await ShotAsync(page, "reviewer-3-validation-next-to-field");

        // Someone changes the case meanwhile: the decision meets a stale-page conflict, explained, and the text is kept.
        await page.Locator("#outcome-amount").FillAsync("80");
        await App.AsAsync("buyer-daan", m => m.Send(new PostMessage(filed.Id, "Any news about my case?", null)));
        await page.GetByTestId("submit-decision").ClickAsync();
        await ConfirmAsync(page);
        await Expect(page.GetByTestId("stale")).ToContainTextAsync("Someone changed this case after you opened it");
        await Expect(page.GetByLabel("Reasons")).ToHaveValueAsync("An undisclosed repair makes the vase not as described; the buyer keeps it with a partial refund.");
        await ShotAsync(page, "reviewer-4-stale-page-text-kept");
        await page.GetByTestId("reload-keep").ClickAsync();
        await Expect(Said(page, "buyer", "Any news about my case?")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Facts")).ToHaveValueAsync("The listing photos hide a 4 mm glued chip on the rim.");
        await page.GetByTestId("submit-decision").ClickAsync();
        await ConfirmAsync(page);

        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Decision recorded.");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Decided");
        await Expect(page.GetByTestId("decisions")).ToContainTextAsync("Partial refund 80.00 EUR — Clauses: BP-3.1");
        await Expect(page.GetByTestId("decisions")).ToContainTextAsync("by rev-sam");
        await ShotAsync(page, "reviewer-5-decided");
        var decided = await CaseAsync(filed.Id);
        Assert.That(decided.Decisions.Single().Clauses, Is.EqualTo(new[] { "BP-3.1" }));
        Assert.That(decided.Decisions.Single().DecidedBy, Is.EqualTo("rev-sam"));
    }

    [Test]
    public async Task Expert_approves_a_four_eyes_decision()
    {
        var filed = await FileAsync("buyer-chloe", "ORD-1031", ["ORD-1031-1"], "counterfeit", "The bag is a fake: wrong stitching and no date code.");
        await App.AsAsync("seller-pierre", m => m.Send(new RefuseSettlement(filed.Id, null)));
        var view = await CaseAsync(filed.Id);
        await App.AsAsync(AssigneeOf(view, "review"), m => m.Send(new EscalateToExpert(filed.Id, "Counterfeit: an expert must decide.")));
        view = await CaseAsync(filed.Id);
        var expert = AssigneeOf(view, "expert");
        await App.AsAsync(expert, m => m.Send(new DecideComplaint(filed.Id, view.Version,
            [
                new OutcomeInput("full-refund", null, null, null, null, null, false, null, null),
                new OutcomeInput("item-removal", null, null, ["ORD-1031-1"], null, null, false, null, null),
                new OutcomeInput("account-suspension", null, null, null, "seller-pierre", null, true, null, null),
                new OutcomeInput("law-enforcement-referral", null, null, null, null, null, false, "counterfeit", "Counterfeit designer bag sold as genuine."),
            ], ["IP-1.1"], "Authentication report: counterfeit.", "Knowingly selling a counterfeit.")));
        view = await CaseAsync(filed.Id);
        var second = AssigneeOf(view, "four-eyes");
        Assert.That(second, Is.Not.EqualTo(expert));

        var page = await SignInAsync(second, "/review", "en");
        var row = page.GetByTestId("queue").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row).ToHaveAttributeAsync("data-step", "four-eyes");
        await ShotAsync(page, "expert-1-my-queue");
        await row.GetByRole(AriaRole.Link, new() { Name = filed.Number }).ClickAsync();
        var panel = page.GetByTestId("approval-panel");
        await Expect(panel).ToContainTextAsync($"Decided by {expert}");
        await Expect(panel).ToContainTextAsync("Account suspended for seller-pierre, permanently");
        await Expect(panel).ToContainTextAsync("Referred to law enforcement (Counterfeit goods)");
        await ShotAsync(page, "expert-2-four-eyes-review");
        await page.GetByTestId("approve").ClickAsync();
        // Approving a referral and a suspension cannot be undone: the dialog lists what takes effect.
        await Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("Referred to law enforcement");
        await ConfirmAsync(page, "expert-2b-confirm-approval");

        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Approved: the decision takes effect.");
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Decided");
        await Expect(page.GetByTestId("decisions")).ToContainTextAsync($"approved by {second}");
        await Expect(page.GetByTestId("decisions")).ToContainTextAsync("In effect");
        await ShotAsync(page, "expert-3-approved");
        Assert.That((await CaseAsync(filed.Id)).Decisions.Single().ApprovedBy, Is.EqualTo(second));
    }

    [Test]
    public async Task Compliance_finds_the_decision_opens_the_case_read_only_and_exports_it()
    {
        var filed = await FileAsync("buyer-joao", "ORD-1024", ["ORD-1024-1"], "damaged", "The amber necklace arrived with a broken clasp.");
        var (_, reviewer) = await DecidedAsync(filed.Id, "seller-anna", 30m, "BP-4.1", "The clasp broke in transit: poor packing.");

        var page = await SignInAsync("comp-lena", "/compliance", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Search decisions");
        await page.GetByLabel("Outcome").SelectOptionAsync("partial-refund");
        await page.GetByLabel("Policy clause").SelectOptionAsync("BP-4.1");
        await page.GetByLabel("Decided by").FillAsync(reviewer);
        await page.GetByLabel("Decided from").FillAsync("2026-11-23");
        await page.GetByTestId("search").ClickAsync();
        var row = page.GetByTestId("results").Locator($"tr[data-case='{filed.Number}']");
        await Expect(row).ToContainTextAsync("Partial refund");
        await Expect(row).ToContainTextAsync(reviewer);
        await AssertLabelledAsync(page);
        await ShotAsync(page, "compliance-1-search");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("caseNumber,complaintId,decisionNumber,stage,status,category,outcomes,clauses,decidedBy"));
        var line = lines.Single(l => l.StartsWith(filed.Number + ",", StringComparison.Ordinal));
        Assert.That(line, Does.Contain(",1,Review,Effective,damaged,"));
        Assert.That(line, Does.Contain(",partial-refund,BP-4.1," + reviewer + ","));
        Assert.That(lines.Skip(1).All(l => l.Contains(",partial-refund", StringComparison.Ordinal) && l.Contains("BP-4.1", StringComparison.Ordinal)), Is.True, "the export is the current search");
        await File.WriteAllTextAsync(Path.Combine(Repo.Screenshots, "compliance-2-export.csv"), csv);

        await row.GetByRole(AriaRole.Link, new() { Name = filed.Number }).ClickAsync();
        await Expect(page.GetByTestId("read-only")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("decisions")).ToContainTextAsync("Partial refund 30.00 EUR");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Review completed");
        await Expect(page.GetByTestId("timeline")).Not.ToContainTextAsync("ActivityCompleted");
        await Expect(page.GetByTestId("submit-decision")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("claim")).ToHaveCountAsync(0);
        await ShotAsync(page, "compliance-3-case-read-only");

        await page.GotoAsync("/compliance/statistics");
        await Expect(page.GetByTestId("chart-mix")).ToContainTextAsync("Partial refund");
        await Expect(page.GetByTestId("chart-time")).ToContainTextAsync("Nov 2026");
        await Expect(page.GetByTestId("stats-total")).ToContainTextAsync("decisions took effect in the period");
        await ShotAsync(page, "compliance-4-statistics");
        // Click-through: a figure opens the decisions behind it.
        await page.GetByTestId("mix-totals").Locator("tr[data-kind='partial-refund']").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("#s-outcome")).ToHaveValueAsync("partial-refund");
        await Expect(page.GetByTestId("results").Locator($"tr[data-case='{filed.Number}']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("results").Locator("td[data-outcomes]").Filter(new() { HasNotText = "Partial refund" })).ToHaveCountAsync(0);

        // The audit trail: the case's entries, and the chain verified, then verified again against the anchor it printed.
        // The sealer (a Hangfire process, off in these tests) chains the entries, as it does within a second in service.
        await App.AsAsync("admin-ops", m => m.Send(new Disputes.Application.Compliance.Audit.SealAuditTrail(Wait: true, MaxBatches: int.MaxValue)));
        await page.GotoAsync($"/compliance/audit?caseId={filed.Id}");
        await Expect(page.GetByTestId("audit-entries").Locator("tr[data-action='case.filed']")).ToContainTextAsync("Case filed");
        await page.GetByTestId("run-verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToHaveAttributeAsync("data-intact", "yes");
        var anchor = await page.GetByTestId("new-anchor").InnerTextAsync();
        await page.GetByLabel("Anchor (sequence:hash)").FillAsync(anchor);
        await page.GetByTestId("run-verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToContainTextAsync("The chain is intact");
        await page.GetByLabel("Anchor (sequence:hash)").FillAsync(anchor.Split(':')[0] + ":00000000deadbeef");
        await page.GetByTestId("run-verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToHaveAttributeAsync("data-intact", "no");
        await Expect(page.GetByTestId("verification")).ToContainTextAsync("changed after it was written");
        await ShotAsync(page, "compliance-5-audit-trail");
    }

    [Test]
    public async Task Operator_retries_an_incident()
    {
        payments.Broken = true;
        var started = await App.AsAsync("admin-ops", m => m.Send(new StartWorkflowInstance("payout-flow", null, "payout-ORD-1020", new JsonObject { ["orderId"] = "ORD-1020" }, "admin-ops", null)));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await App.SystemAsync(new DispatchOutbox());
            App.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var page = await SignInAsync("admin-ops", "/ops/instances", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Workflow instances");
        await Expect(page.GetByTestId("hangfire-link")).ToHaveAttributeAsync("href", "/hangfire");
        await page.GetByLabel("Definition").SelectOptionAsync("payout-flow");
        await page.GetByTestId("filter").ClickAsync();
        var row = page.GetByTestId("instances").Locator($"tr[data-instance='{started.InstanceId}']");
        await Expect(row).ToContainTextAsync("payout-flow v1");
        // Full ids (rows never look alike), statuses named for what they mean.
        await Expect(row.GetByRole(AriaRole.Link)).ToHaveTextAsync(started.InstanceId.ToString());
        await Expect(row.GetByTestId("copy")).ToBeVisibleAsync();
        await ShotAsync(page, "operator-1-instances");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        var incident = page.GetByTestId("incidents").Locator("tr[data-resolved='no']");
        await Expect(incident).ToContainTextAsync("payments API answered 503");
        await Expect(incident).ToContainTextAsync("Effect failed");
        await Expect(page.GetByTestId("full-id")).ToHaveTextAsync(started.InstanceId.ToString());
        await Expect(page.GetByTestId("outbox")).ToContainTextAsync("unreliable-payment");
        await Expect(page.GetByTestId("journal")).ToContainTextAsync("InstanceStarted");
        await AssertLabelledAsync(page);
        await ShotAsync(page, "operator-2-incident");

        // The global list of incidents: every instance's, retried from there.
        await page.GotoAsync("/ops/incidents");
        var listed = page.GetByTestId("all-incidents").Locator($"tr[data-instance='{started.InstanceId}']");
        await Expect(listed).ToContainTextAsync("payments API answered 503");
        await ShotAsync(page, "operator-2b-all-incidents");
        payments.Broken = false;
        await listed.GetByTestId("retry").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("The failed effect is queued again");
        Assert.That((await App.SystemAsync(new DispatchOutbox())).Done, Is.EqualTo(1));
        await page.GotoAsync($"/ops/instances/{started.InstanceId}");
        await Expect(page.GetByTestId("outbox").Locator("tr[data-outbox='unreliable-payment']")).ToHaveAttributeAsync("data-status", "done");
        await Expect(page.GetByTestId("incidents").Locator("tr[data-resolved='no']")).ToHaveCountAsync(0);
        await ShotAsync(page, "operator-3-retried");

        // A case's instance shows its case number, waits ("Waiting", not "Suspended"), and is cancelled only with a reason, after confirming.
        var filed = await FileAsync("buyer-marco", "ORD-1030", ["ORD-1030-1"], "not-received", "The poster never arrived.");
        var instance = (await CaseAsync(filed.Id)).WorkflowInstanceId!.Value;
        await page.GotoAsync($"/ops/instances/{instance}");
        await Expect(page.GetByTestId("case-number")).ToHaveTextAsync(filed.Number);
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Waiting");
        await page.GetByTestId("cancel-button").ClickAsync();
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("Give a reason");
        await page.GetByLabel("Reason").FillAsync("Filed by mistake; the buyer asked us to withdraw it.");
        await ShotAsync(page, "operator-3b-cancel-case-confirm");
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("The case was cancelled");
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Cancelled");
        Assert.That((await CaseAsync(filed.Id)).Status, Is.EqualTo(Disputes.Domain.Complaints.ComplaintStatus.Closed));

        await page.GotoAsync("/ops/definitions?id=complaint-resolution");
        await Expect(page.Locator("[data-definition='complaint-resolution'] g[data-activity='four-eyes']")).ToHaveCountAsync(1);
        await ShotAsync(page, "operator-4-definitions");
    }

    /// <summary>What a party said in the staff case page's conversation.</summary>
    private static ILocator Said(IPage page, string side, string text) =>
        page.GetByTestId("conversation").Locator($"[data-side='{side}']").Filter(new() { HasText = text }).First;

    /// <summary>Confirms the dialog an irreversible action opens (with a screenshot of it when named).</summary>
    private static async Task ConfirmAsync(IPage page, string? shot = null)
    {
        var dialog = page.GetByTestId("confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        if (shot is not null) await ShotAsync(page, shot);
        await page.GetByTestId("confirm").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>A 1×1 PNG.</summary>
    private static byte[] Png() => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
