using Disputes.Web;

var app = DisputesApp.Build(args);
if (args.Length > 0 && args[0] == "workflows")
{
    // `Disputes.Web workflows migrate --definition <id> --from 1 --to 2 [--map old=new]... [--apply]`: move running instances.
    if (app.Services.GetRequiredService<Disputes.Persistence.DatabaseOptions>().MigrateOnStartup) await DisputesApp.MigrateAsync(app);
    Environment.ExitCode = await Disputes.Web.Endpoints.MigrationEndpoints.RunCommandAsync(app.Services, args, Console.Out);
    return;
}
if (args.Contains("migrate"))
{
    // `Disputes.Web migrate`: apply migrations and exit (used by docker-compose before the app serves).
    await DisputesApp.MigrateAsync(app);
    return;
}
if (args.Length > 0 && args[0] == "audit")
{
    // `Disputes.Web audit verify [--from --to]`: check the audit chain and exit (0 intact, 1 not).
    Environment.ExitCode = await Disputes.Web.Endpoints.AuditEndpoints.RunCommandAsync(app, args);
    return;
}
await DisputesApp.PrepareAsync(app);
await app.RunAsync();

public partial class Program;
