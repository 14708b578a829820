using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Disputes.Application.Complaints;

namespace Disputes.IntegrationTests.Hardening;

/// <summary>
/// Bad input answered cleanly. A fuzz pass driven by the OpenAPI document calls every operation as every role (and
/// anonymously), on real cases, tasks, evidence and instances, with hostile values in every path, query, header and
/// body field: not one answer may be a 5xx. Then the rules themselves: control characters and null list elements get
/// 422 naming the field, NaN and infinities 400, on PostgreSQL and on SQLite alike.
/// </summary>
[TestFixture(Db.PostgreSql)]
[TestFixture(Db.Sqlite)]
public class FuzzTests(Db provider)
{
    private static readonly string[] Users = ["buyer-chloe", "seller-vintagehuis", "rev-sam", "exp-maria", "lead-olga", "comp-lena", "admin-ops", ""];

    private static readonly (string Name, string Text)[] Hostile =
    [
        ("nul", "before\u0000after"),
        ("control", "bell\u0007 escape\u001b[31m del\u007f"),
        ("long", new string('x', 5000)),
        ("unicode", "\u202Eevil\uFEFF 😀 Ω ' OR 1=1; -- <script>alert(1)</script> {{7*7}} ${jndi:x}"),
        ("surrogate", "lone \ud800 surrogate"),
        ("empty", ""),
    ];

    private TestDatabase database = null!;
    private TestApp app = null!;
    private readonly List<(Guid Case, Guid? Instance, Guid? Task, long Version)> cases = [];
    private Guid evidenceId;
    private int mutation;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        // On PostgreSQL as the service role: every operation also proves the role has the rights it needs.
        database = await TestDatabase.CreateAsync(provider, asServiceRole: provider == Db.PostgreSql);
        app = await TestApp.StartAsync(database);
        var driver = new CaseFlowDriver(app);
        var inReview = await driver.FileAsync("buyer-chloe", "ORD-1010", ["ORD-1010-1"], "damaged", "The lamp arrived broken.");
        await CaseFlowDriver.OkAsync(await driver.PostAsync("seller-vintagehuis", $"/api/complaints/{inReview}/settlement/refuse", new { statement = "It left intact." }));
        await app.SendAsync(new AssignOpenTasks());
        var removed = await driver.CounterfeitRemovedAsync();
        var withEvidence = await driver.FileAsync("buyer-emma", "ORD-1002", ["ORD-1002-2"], "not-as-described", "Not as shown.");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("a photo"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "photo.txt");
        using var upload = await app.ClientAs("buyer-emma").PostAsync($"/api/complaints/{withEvidence}/evidence", form);
        evidenceId = Guid.Parse(JsonNode.Parse(await upload.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        foreach (var id in new[] { inReview, removed, withEvidence })
        {
            var view = await driver.CaseAsync(id);
            var task = view["openTasks"]!.AsArray().Select(t => t!["taskId"]?.GetValue<string>() ?? t!["id"]?.GetValue<string>()).FirstOrDefault(t => t is not null);
            cases.Add((id, view["workflowInstanceId"] is { } instance ? Guid.Parse(instance.GetValue<string>()) : null,
                task is null ? null : Guid.Parse(task), view["version"]!.GetValue<long>()));
        }
    }

    [OneTimeTearDown]
    public async Task TearDown()
    {
        await app.DisposeAsync();
        await database.DisposeAsync();
    }

    [Test]
    public async Task Every_operation_as_every_role_with_hostile_values_gives_no_5xx()
    {
        var document = JsonNode.Parse(await app.Anonymous.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        var clients = Users.ToDictionary(u => u, u => u.Length == 0 ? app.Anonymous : app.ClientAs(u));
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var operations = 0;
        var n = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                operations++;
                var parameters = op!["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var body = op["requestBody"]?["content"]?["application/json"]?["schema"];
                foreach (var user in Users)
                {
                    foreach (var (variant, text) in Hostile.Append(("real", "real")).Append(("nulls", "nulls")).Append(("types", "types")))
                    {
                        var target = cases[n++ % cases.Count];
                        if (parameters.Any(p => p["name"]?.GetValue<string>() == "If-Match"))
                            target.Version = (await new CaseFlowDriver(app).CaseAsync(target.Case))["version"]!.GetValue<long>();
                        using var request = Build(method, path, parameters, body, schemas, variant, text, target);
                        HttpResponseMessage response;
                        try
                        {
                            response = await clients[user].SendAsync(request);
                        }
                        catch (HttpRequestException ex)
                        {
                            failures.Add($"{method.ToUpperInvariant()} {path} as '{user}' ({variant}): no answer: {ex.Message}");
                            continue;
                        }
                        using (response)
                        {
                            var status = (int)response.StatusCode;
                            statuses[status] = statuses.GetValueOrDefault(status) + 1;
                            if (status >= 500)
                            {
                                var answer = await response.Content.ReadAsStringAsync();
                                failures.Add($"{method.ToUpperInvariant()} {request.RequestUri} as '{user}' ({variant}): {status} {answer[..Math.Min(answer.Length, 300)]}");
                            }
                        }
                    }
                }
            }
        }
        TestContext.Out.WriteLine($"{operations} operations, {n} requests on {provider}: " + string.Join(", ", statuses.Select(s => $"{s.Value} x {s.Key}")));
        Assert.That(operations, Is.GreaterThan(40), "the OpenAPI document lists the operations");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(40)));
        Assert.That((await app.Anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still healthy");
    }

    private HttpRequestMessage Build(string method, string path, List<JsonObject> parameters, JsonNode? bodySchema, JsonObject schemas, string variant, string text, (Guid Case, Guid? Instance, Guid? Task, long Version) target)
    {
        var query = new List<string>();
        var headers = new List<(string, string)>();
        var queryIndex = 0;
        if (bodySchema is null) mutation++;
        foreach (var p in parameters)
        {
            var name = p["name"]!.GetValue<string>();
            var schema = Resolve(p["schema"], schemas);
            switch (p["in"]?.GetValue<string>())
            {
                case "path":
                    path = path.Replace("{" + name + "}", PathValue(path, name, schema, variant, text, target), StringComparison.Ordinal);
                    break;
                case "query":
                    if (queryIndex++ % Math.Max(1, parameters.Count(x => x["in"]?.GetValue<string>() == "query")) == mutation % Math.Max(1, parameters.Count(x => x["in"]?.GetValue<string>() == "query")))
                        query.Add($"{Uri.EscapeDataString(name)}={QueryValue(schema, variant, text)}");
                    break;
                case "header":
                    headers.Add((name, HeaderValue(name, variant, target)));
                    break;
            }
        }
        var uri = path + (query.Count > 0 ? "?" + string.Join("&", query) : "");
        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), uri);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (method.Equals("post", StringComparison.OrdinalIgnoreCase))
        {
            if (path.EndsWith("/evidence", StringComparison.Ordinal) && variant != "types")
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
                file.Headers.ContentType = new MediaTypeHeaderValue(variant == "real" ? "text/plain" : "application/x-msdownload");
                form.Add(file, "file", variant is "real" or "empty" ? "note.txt" : "a" + text[..Math.Min(text.Length, 40)].Replace('\0', '_').Replace('"', '_') + ".exe");
                request.Content = form;
            }
            else if (bodySchema is not null)
            {
                // A valid body with one field made hostile (the field changes from request to request), so the
                // hostile value gets past the other fields' checks and as far into the service as it can.
                var body = Valid(bodySchema, schemas, target, 0);
                Mutate(body, variant, text, mutation++);
                var json = body?.ToJsonString() ?? "null";
                if (variant == "surrogate") json = json.Replace("\\uFFFD", "\\ud800", StringComparison.Ordinal);
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }
            else
            {
                request.Content = new StringContent(variant == "types" ? "not json {" : "{}", Encoding.UTF8, "application/json");
            }
        }
        return request;
    }

    private string PathValue(string path, string name, JsonObject? schema, string variant, string text, (Guid Case, Guid? Instance, Guid? Task, long Version) target)
    {
        var isGuid = schema?["format"]?.GetValue<string>() == "uuid";
        if (variant is "real" or "nulls" or "long" || isGuid)
        {
            if (name == "evidenceId") return evidenceId.ToString();
            if (name == "taskId") return (target.Task ?? Guid.NewGuid()).ToString();
            if (path.StartsWith("/api/workflow-instances", StringComparison.Ordinal) && name == "id") return (target.Instance ?? Guid.NewGuid()).ToString();
            if (path.StartsWith("/api/complaints", StringComparison.Ordinal) && name == "id") return target.Case.ToString();
            if (path.StartsWith("/api/incidents", StringComparison.Ordinal)) return Guid.NewGuid().ToString();
            if (path.StartsWith("/api/workflow-definitions", StringComparison.Ordinal)) return name == "version" ? "1" : "complaint-resolution";
            if (name == "name") return variant == "real" ? "review" : Escape(text);
            if (isGuid) return Guid.NewGuid().ToString();
        }
        return schema?["type"]?.ToString().Contains("integer", StringComparison.Ordinal) == true ? "99999999999" : Escape(text.Length == 0 ? "-" : text);
    }

    private static string QueryValue(JsonObject? schema, string variant, string text)
    {
        var type = schema?["type"]?.ToString() ?? "";
        if (variant == "real") return "";
        if (type.Contains("number", StringComparison.Ordinal)) return variant switch { "nul" => "NaN", "control" => "Infinity", "long" => "-Infinity", "unicode" => "1e999", _ => "-1" };
        if (type.Contains("integer", StringComparison.Ordinal)) return variant switch { "nul" => "0", "control" => "-1", "long" => "99999999999", "unicode" => "2147483647", _ => "abc" };
        if (schema?["format"]?.GetValue<string>() is "date-time") return variant == "long" ? "9999-12-31T23:59:59Z" : Escape(text);
        return Escape(text);
    }

    private static string HeaderValue(string name, string variant, (Guid Case, Guid? Instance, Guid? Task, long Version) target) => name switch
    {
        "If-Match" => variant switch { "real" or "nul" or "control" or "surrogate" or "nulls" => $"\"{target.Version}\"", "long" => "\"99999999999999999999999\"", "unicode" => "W/\"1\"", "empty" => "", "types" => "*", _ => "\"abc\"" },
        _ => variant switch { "long" => new string('k', 500), "unicode" => "key with spaces", "empty" => "", _ => $"fuzz-{variant}-{Guid.NewGuid():N}" },
    };

    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text.Replace("\ud800", "\uFFFD", StringComparison.Ordinal))) builder.Append(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' ? ((char)b).ToString() : $"%{b:X2}");
        var escaped = builder.ToString();
        return text.Contains('\ud800', StringComparison.Ordinal) ? escaped.Replace("%EF%BF%BD", "%ED%A0%80", StringComparison.Ordinal) : escaped;
    }

    private static JsonObject? Resolve(JsonNode? schema, JsonObject schemas)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is { } reference; i++) schema = schemas[reference.GetValue<string>().Split('/')[^1]];
        return schema as JsonObject;
    }

    /// <summary>Values the service accepts, by field name; anything else is made up from the schema.</summary>
    private JsonNode? Known(string name, (Guid Case, Guid? Instance, Guid? Task, long Version) target) => name switch
    {
        "orderId" => "ORD-1011",
        "itemIds" => new JsonArray("ORD-1011-1"),
        "category" => "damaged",
        "currency" => "EUR",
        "amount" => 5.00m,
        "partyId" => "buyer-chloe",
        "accountId" => "seller-anna",
        "userId" => "buyer-chloe",
        "outcomes" => new JsonArray(new JsonObject { ["kind"] = "partial-refund", ["amount"] = 5.00m, ["currency"] = "EUR" }),
        "revisedOutcomes" => new JsonArray(new JsonObject { ["kind"] = "no-action" }),
        "clauses" => new JsonArray("BP-4.1"),
        "kind" => "partial-refund",
        "evidenceIds" => new JsonArray(evidenceId.ToString()),
        "language" => "fr",
        "definitionId" => "sample-review",
        "version" => null,
        "correlationId" => target.Case.ToString(),
        "bookmarkId" => target.Task?.ToString(),
        "input" => new JsonObject { ["outcome"] = "approve", ["note"] = "fine" },
        "bodyId" => "odr-nl-geschillencommissie",
        "outcome" => "upheld",
        "submittedAt" => "2026-11-20T10:00:00Z",
        "decidedAt" => "2026-11-21T10:00:00Z",
        "accept" or "implemented" or "automated" or "reverse" or "quickQuestion" or "permanent" => false,
        _ => "A reasonable text.",
    };

    private JsonNode? Valid(JsonNode? node, JsonObject schemas, (Guid Case, Guid? Instance, Guid? Task, long Version) target, int depth)
    {
        var schema = Resolve(node, schemas);
        if (schema is null || depth > 6) return "x";
        if (schema["anyOf"] is JsonArray anyOf) return Valid(anyOf.FirstOrDefault(s => Resolve(s, schemas)?["type"]?.ToString() != "null"), schemas, target, depth + 1);
        if (schema["oneOf"] is JsonArray oneOf) return Valid(oneOf[0], schemas, target, depth + 1);
        var type = schema["type"]?.ToString() ?? (schema["properties"] is not null ? "object" : "string");
        if (type.Contains("object", StringComparison.Ordinal) || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            {
                var known = Known(name, target);
                result[name] = known is JsonValue v && v.TryGetValue<string>(out var t) && t == "A reasonable text."
                    ? (Resolve(property, schemas)?["type"]?.ToString() is { } pt && !pt.Contains("string", StringComparison.Ordinal) ? Valid(property, schemas, target, depth + 1) : known)
                    : known;
            }
            return result;
        }
        if (type.Contains("array", StringComparison.Ordinal)) return new JsonArray(Valid(schema["items"], schemas, target, depth + 1));
        if (type.Contains("boolean", StringComparison.Ordinal)) return false;
        if (type.Contains("integer", StringComparison.Ordinal)) return 1;
        if (type.Contains("number", StringComparison.Ordinal)) return 1.5m;
        return schema["format"]?.GetValue<string>() switch
        {
            "uuid" => Guid.NewGuid().ToString(),
            "date-time" => "2026-11-20T10:00:00Z",
            _ => "A reasonable text.",
        };
    }

    /// <summary>Makes one leaf of the body hostile: the <paramref name="index"/>-th string (or array, for nulls; or any value, for types).</summary>
    private static void Mutate(JsonNode? body, string variant, string text, int index)
    {
        if (body is null || variant == "real") return;
        var leaves = new List<(JsonNode Parent, object Key, JsonNode? Value)>();
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (k, v) in o.ToList())
                    {
                        leaves.Add((o, k, v));
                        if (v is not null) Walk(v);
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        leaves.Add((a, i, a[i]));
                        if (a[i] is { } child) Walk(child);
                    }
                    break;
            }
        }
        Walk(body);
        var candidates = variant switch
        {
            "nulls" => leaves.Where(l => l.Value is JsonArray || l.Value is JsonValue).ToList(),
            "types" => leaves,
            _ => leaves.Where(l => l.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList(),
        };
        if (candidates.Count == 0)
        {
            if (body is JsonObject o) o["unexpected"] = variant == "surrogate" ? text.Replace("\ud800", "\uFFFD", StringComparison.Ordinal) : text;
            return;
        }
        var (parent, key, value) = candidates[index % candidates.Count];
        JsonNode? replacement = variant switch
        {
            "nulls" when value is JsonArray array => new JsonArray([.. array.Select(e => e?.DeepClone()), null]),
            "nulls" => null,
            "types" => value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(12345) : JsonValue.Create("not the right type"),
            "surrogate" => JsonValue.Create(text.Replace("\ud800", "\uFFFD", StringComparison.Ordinal)),
            _ => JsonValue.Create(text),
        };
        if (parent is JsonObject po) po[(string)key] = replacement;
        else ((JsonArray)parent)[(int)key] = replacement;
    }

    // ---- the rules, operation by operation ----

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string[] Fields(JsonObject problem) => problem["errors"]?.AsObject().Select(e => e.Key).ToArray() ?? [];

    [Test]
    public async Task Control_characters_get_422_naming_the_field_and_tab_cr_lf_pass()
    {
        var buyer = app.ClientAs("buyer-chloe");
        var filing = await ProblemAsync(await buyer.PostAsJsonAsync("/api/complaints",
            new { orderId = "ORD-1011", itemIds = new[] { "ORD-1011-1" }, category = "damaged", description = "Broken\u0000lamp" }), 422);
        Assert.That(Fields(filing), Is.EqualTo(new[] { "description" }));
        var message = await ProblemAsync(await buyer.PostAsJsonAsync($"/api/complaints/{cases[0].Case}/messages", new { text = "esc \u001b[2J" }), 422);
        Assert.That(Fields(message), Is.EqualTo(new[] { "text" }));
        var conflict = await ProblemAsync(await app.ClientAs("rev-sam").PostAsJsonAsync("/api/conflicts", new { accountId = "seller-anna", reason = "my\u0000cousin" }), 422);
        Assert.That(Fields(conflict), Is.EqualTo(new[] { "reason" }));
        var start = await ProblemAsync(await app.Admin.PostAsJsonAsync("/api/workflow-instances",
            new { definitionId = "sample-review", correlationId = "c\u0000", input = new { order = new { note = "x\u0001" } } }), 422);
        Assert.That(Fields(start), Is.EquivalentTo(new[] { "correlationId", "input.order.note" }));
        var query = await ProblemAsync(await app.ClientAs("comp-lena").GetAsync("/api/compliance/audit?actor=a%00b"), 422);
        Assert.That(Fields(query), Is.EqualTo(new[] { "actor" }));

        using var ok = await buyer.PostAsJsonAsync($"/api/complaints/{cases[0].Case}/messages", new { text = "Line one\r\nLine two\tand a tab, and ünïcödé 😀" });
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Null_elements_in_lists_get_422_naming_the_element()
    {
        var buyer = app.ClientAs("buyer-chloe");
        var filing = await ProblemAsync(await buyer.PostAsync("/api/complaints",
            new StringContent("{\"orderId\":\"ORD-1011\",\"itemIds\":[\"ORD-1011-1\",null],\"category\":\"damaged\",\"description\":\"Broken.\"}", Encoding.UTF8, "application/json")), 422);
        Assert.That(Fields(filing), Is.EqualTo(new[] { "itemIds[1]" }));
        // The check comes before the use case: whatever state the case is in, a caller with the role gets it.
        var (id, _, _, version) = cases[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{id}/decision")
        {
            Content = new StringContent("{\"outcomes\":[null,{\"kind\":\"full-refund\"}],\"clauses\":[\"BP-4.1\",null],\"facts\":\"f\",\"reasons\":\"r\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        var decision = await ProblemAsync(await app.ClientAs("rev-sam").SendAsync(request), 422);
        Assert.That(Fields(decision), Is.EquivalentTo(new[] { "outcomes[0]", "clauses[1]" }));
        using var appeal = new HttpRequestMessage(HttpMethod.Post, $"/api/complaints/{cases[1].Case}/appeal/decision")
        {
            Content = new StringContent("{\"reverse\":true,\"revisedOutcomes\":[null],\"clauses\":[],\"facts\":\"f\",\"reasons\":\"r\"}", Encoding.UTF8, "application/json"),
        };
        appeal.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{cases[1].Version}\""));
        var appealed = await ProblemAsync(await app.ClientAs("lead-olga").SendAsync(appeal), 422);
        Assert.That(Fields(appealed), Is.EqualTo(new[] { "revisedOutcomes[0]" }));
    }

    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("1e999")]
    public async Task NaN_and_infinities_get_400(string threshold)
    {
        var problem = await ProblemAsync(await app.ClientAs("comp-lena").GetAsync($"/api/compliance/fairness?from=2026-01-01&to=2026-12-31&threshold={threshold}"), 400);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("threshold"));
    }
}
