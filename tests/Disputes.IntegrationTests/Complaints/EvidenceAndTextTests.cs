using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Disputes.IntegrationTests.Complaints;

/// <summary>Evidence uploads within size and type limits, the parties' access to them, and text kept exactly as given.</summary>
[TestFixture]
public class EvidenceAndTextTests : ComplaintScenario
{
    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private async Task<HttpResponseMessage> UploadAsync(string user, Guid id, byte[] content, string contentType, string fileName = "photo.png")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        // As browsers and well-behaved clients do for large bodies: the server can refuse before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{id}/evidence") { Content = form };
        request.Headers.ExpectContinue = content.Length > 1024 * 1024;
        return await App.ClientAs(user).SendAsync(request);
    }

    private static async Task<string> FileErrorAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        return problem!["errors"]!["file"]![0]!.GetValue<string>();
    }

    [Test]
    public async Task Evidence_is_stored_as_sent_and_only_the_parties_and_staff_on_the_case_read_it()
    {
        var id = Id(await FileAsync("buyer-emma", "ORD-1002", ["ORD-1002-1"], "damaged", "The frame is cracked."));
        var png = PngHeader.Concat(RandomNumberGenerator.GetBytes(5000)).ToArray();

        var created = await UploadAsync("buyer-emma", id, png, "image/png", "../../etc/crack.png");
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var stored = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.That(stored["fileName"]!.GetValue<string>(), Is.EqualTo("crack.png"), "no path from the client is kept");
        Assert.That(stored["sha256"]!.GetValue<string>(), Is.EqualTo(Convert.ToHexString(SHA256.HashData(png))));
        var evidenceId = stored["id"]!.GetValue<string>();

        var bySeller = await App.ClientAs("seller-artshop").GetAsync($"/api/complaints/{id}/evidence/{evidenceId}");
        Assert.That(bySeller.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await bySeller.Content.ReadAsByteArrayAsync(), Is.EqualTo(png));
        Assert.That(bySeller.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"));
        Assert.That((await App.ClientAs("comp-lena").GetAsync($"/api/complaints/{id}/evidence/{evidenceId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await App.ClientAs("buyer-lucia").GetAsync($"/api/complaints/{id}/evidence/{evidenceId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await UploadAsync("buyer-lucia", id, png, "image/png")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a stranger cannot add to the case");

        var message = await PostAsync("buyer-emma", $"/api/complaints/{id}/messages", new { text = "See the photo.", evidenceIds = new[] { evidenceId } });
        await OkAsync(message);
        var view = await CaseAsync("seller-artshop", id);
        Assert.That(view["evidence"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(view["messages"]!.AsArray().Last()!["evidenceIds"]![0]!.GetValue<string>(), Is.EqualTo(evidenceId));
    }

    [Test]
    public async Task Too_big_the_wrong_type_a_disguised_file_and_an_empty_one_are_refused_with_a_reason()
    {
        var id = Id(await FileAsync("buyer-emma", "ORD-1002", ["ORD-1002-1"], "damaged", "The frame is cracked."));

        var tooBig = PngHeader.Concat(new byte[10 * 1024 * 1024]).ToArray();
        Assert.That(await FileErrorAsync(await UploadAsync("buyer-emma", id, tooBig, "image/png")), Does.Contain("the limit is 10,485,760 bytes"));
        Assert.That(await FileErrorAsync(await UploadAsync("buyer-emma", id, "MZ\u0090\0"u8.ToArray(), "application/x-msdownload", "setup.exe")), Does.Contain("not accepted"));
        Assert.That(await FileErrorAsync(await UploadAsync("buyer-emma", id, "<html><script>alert(1)</script></html>"u8.ToArray(), "image/png")), Does.Contain("content is not image/png"));
        Assert.That(await FileErrorAsync(await UploadAsync("buyer-emma", id, [], "text/plain", "empty.txt")), Does.Contain("empty"));

        var huge = await UploadAsync("buyer-emma", id, PngHeader.Concat(new byte[12 * 1024 * 1024]).ToArray(), "image/png");
        Assert.That(huge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), "cut off by the server before it is read");
        Assert.That(huge.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        var view = await CaseAsync("buyer-emma", id);
        Assert.That(view["evidence"]!.AsArray(), Is.Empty, "nothing refused was stored");
        var text = await UploadAsync("buyer-emma", id, "Tracking: 3SABC123\nDelivered damaged."u8.ToArray(), "text/plain", "note.txt");
        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.Created), await text.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Text_is_stored_and_returned_exactly_as_given_never_interpreted()
    {
        const string Hostile = "<script>alert('x')</script> '); DROP TABLE complaints; -- {{7*7}} ${jndi:ldap://x} \u202Eevil";
        var id = Id(await FileAsync("buyer-emma", "ORD-1002", ["ORD-1002-2"], "not-as-described", Hostile));
        await OkAsync(await PostAsync("seller-artshop", $"/api/complaints/{id}/messages", new { text = Hostile + " (reply)" }));

        var view = await CaseAsync("buyer-emma", id);
        Assert.That(view["description"]!.GetValue<string>(), Is.EqualTo(Hostile));
        Assert.That(view["messages"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()), Is.EqualTo(new[] { Hostile, Hostile + " (reply)" }));
        var count = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Complaints));
        Assert.That(count, Is.EqualTo(1), "the complaints table is still there");
    }

    [Test]
    public async Task Two_filings_at_the_same_moment_open_one_case()
    {
        var body = new { orderId = "ORD-1003", itemIds = new[] { "ORD-1003-1" }, category = "not-received", description = "Where is it?" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.ClientAs("buyer-emma").PostAsJsonAsync("/api/complaints", body)));

        foreach (var r in responses) Assert.That(r.IsSuccessStatusCode, Is.True, await r.Content.ReadAsStringAsync());
        var filed = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonObject>()));
        Assert.That(filed.Select(f => f!["id"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1));
        Assert.That(filed.Count(f => !f!["attachedToExisting"]!.GetValue<bool>()), Is.EqualTo(1));
        var view = await CaseAsync("buyer-emma", Id(filed[0]!));
        Assert.That(view["messages"]!.AsArray().Count(m => m!["kind"]!.GetValue<string>() == "RepeatFiling"), Is.EqualTo(3));
        var instances = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Instances));
        Assert.That(instances, Is.EqualTo(1), "one workflow instance");
    }
}
