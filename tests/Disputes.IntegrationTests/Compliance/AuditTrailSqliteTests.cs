using Disputes.Application.Ports;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Audit;
using Microsoft.Data.Sqlite;

namespace Disputes.IntegrationTests.Compliance;

/// <summary>The audit trail in the embedded default (SQLite): entries read back hash the same, the sealer seals them, triggers refuse changes.</summary>
[TestFixture]
public class AuditTrailSqliteTests
{
    [Test]
    public async Task On_sqlite_the_chain_verifies_changes_are_refused_and_a_change_behind_the_triggers_back_is_found()
    {
        await using var database = await TestDatabase.CreateAsync(Db.Sqlite);
        await using var app = await TestApp.StartAsync(database);
        for (var i = 1; i <= 5; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1.2345678));
            await using var scope = app.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            audit.Append(new AuditEvent("test.action", null, new JsonObject { ["n"] = i }));
            await audit.SaveAsync(CancellationToken.None);
        }
        await app.SealAuditAsync();
        var client = app.ClientAs("admin-ops");
        var intact = await client.GetFromJsonAsync<JsonObject>("/api/compliance/audit/verify");
        Assert.That(intact!["intact"]!.GetValue<bool>(), Is.True, intact.ToJsonString());
        Assert.That(intact["checked"]!.GetValue<long>(), Is.EqualTo(5));

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var update = new SqliteCommand("UPDATE audit_entries SET \"Actor\" = 'x' WHERE \"Sequence\" = 2", connection))
            Assert.That(Assert.ThrowsAsync<SqliteException>(() => update.ExecuteNonQueryAsync())!.Message, Does.Contain("append-only"));
        await using (var delete = new SqliteCommand("DELETE FROM audit_entries WHERE \"Sequence\" = 2", connection))
            Assert.That(Assert.ThrowsAsync<SqliteException>(() => delete.ExecuteNonQueryAsync())!.Message, Does.Contain("append-only"));

        await using (var tamper = new SqliteCommand("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET \"Actor\" = 'x' WHERE \"Sequence\" = 2", connection))
            await tamper.ExecuteNonQueryAsync();
        var broken = await client.GetFromJsonAsync<JsonObject>("/api/compliance/audit/verify");
        var problem = broken!["problems"]!.AsArray().Single()!;
        Assert.That((problem["kind"]!.GetValue<string>(), problem["sequence"]!.GetValue<long>()), Is.EqualTo(("Changed", 2L)));
        Assert.That(broken["treeHeads"]!.GetValue<long>(), Is.EqualTo(1));
    }
}
