using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Disputes.IntegrationTests.Hardening;

/// <summary>
/// Least privilege on PostgreSQL: the owner role migrates, the service runs a whole case as the service role, and
/// the service role cannot change, delete or empty audit rows, switch triggers off, or set session_replication_role.
/// </summary>
[TestFixture]
public class DatabaseRoleTests
{
    [Test]
    public async Task The_service_role_carries_a_whole_case_and_cannot_touch_the_audit_trail_beyond_appending()
    {
        await using var database = await TestDatabase.CreateAsync(Db.PostgreSql, asServiceRole: true);
        await using var app = await TestApp.StartAsync(database);
        Assert.That(await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_user AS \"Value\"").SingleAsync()), Is.EqualTo(TestDatabase.ServiceRole));

        // Filing, timers, assignment, escalation, an expert's decision, effects through the outbox, a statement of
        // reasons and its submission, the audit check and the Hangfire dashboard: all as the service role.
        var id = await new CaseFlowDriver(app).CounterfeitRemovedAsync();
        Assert.That((await app.SendAsync(new SubmitStatements())).Accepted, Is.EqualTo(1));
        var verify = await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/audit/verify");
        Assert.That(verify!["intact"]!.GetValue<bool>(), Is.True, verify.ToJsonString());
        Assert.That((await app.Admin.GetAsync("/hangfire")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var entries = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        Assert.That(entries, Is.GreaterThan(5));

        await using var service = new NpgsqlConnection(database.ServiceConnectionString);
        await service.OpenAsync();
        var refused = new[]
        {
            "UPDATE audit_entries SET \"Actor\" = 'forger'",
            "DELETE FROM audit_entries",
            "TRUNCATE audit_entries",
            "ALTER TABLE audit_entries DISABLE TRIGGER USER",
            "ALTER TABLE audit_entries DISABLE TRIGGER ALL",
            "DROP TRIGGER audit_entries_append_only ON audit_entries",
            "CREATE TRIGGER forged BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()",
            "SET session_replication_role = replica",
            "SET SESSION session_replication_role = replica",
            $"SET ROLE {TestDatabase.OwnerRole}",
            "ALTER TABLE complaints ADD COLUMN forged int",
            "DROP TABLE complaints",
            "CREATE TABLE forged (id int)",
            "DELETE FROM \"__EFMigrationsHistory\"",
            "TRUNCATE complaints CASCADE",
        };
        foreach (var sql in refused)
        {
            await using var command = new NpgsqlCommand(sql, service);
            var error = Assert.ThrowsAsync<PostgresException>(async () => await command.ExecuteNonQueryAsync(), sql);
            Assert.That(error!.SqlState, Is.AnyOf(PostgresErrorCodes.InsufficientPrivilege, "42501"), $"{sql}: {error.MessageText}");
        }
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync()), Is.EqualTo(entries), "not one audit row changed");
        Assert.That((await app.ClientAs("comp-lena").GetFromJsonAsync<JsonObject>("/api/compliance/audit/verify"))!["intact"]!.GetValue<bool>(), Is.True);

        // What the service needs, it has: reading, and appending to the audit trail (here through a case action).
        await CaseFlowDriver.OkAsync(await new CaseFlowDriver(app).PostAsync("buyer-chloe", $"/api/complaints/{id}/messages", new { text = "Thank you." }));
        Assert.That(await app.WithDbAsync(db => db.AuditEntries.CountAsync()), Is.GreaterThan(entries));
    }
}
