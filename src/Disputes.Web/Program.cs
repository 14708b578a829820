using Disputes.Web;

// Start-up errors (configuration, reference data, definitions, an unreachable database) end the process with one
// line on stderr and exit code 1, not a stack trace.
WebApplication app;
try
{
    app = DisputesApp.Build(args);
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Environment.ExitCode = DisputesApp.StartupFailed(ex);
    return;
}
if (args.Length > 0 && args[0] == "workflows")
{
    // `Disputes.Web workflows migrate --definition <id> --from 1 --to 2 [--map old=new]... [--apply]`: move running instances.
    try
    {
        if (app.Services.GetRequiredService<Disputes.Persistence.DatabaseOptions>().MigrateOnStartup) await DisputesApp.MigrateAsync(app);
        Environment.ExitCode = await Disputes.Web.Endpoints.MigrationEndpoints.RunCommandAsync(app.Services, args, Console.Out);
    }
    catch (Exception ex) when (ex is not HostAbortedException)
    {
        Environment.ExitCode = DisputesApp.StartupFailed(ex);
    }
    return;
}
if (args.Contains("migrate"))
{
    // `Disputes.Web migrate`: apply migrations (as the owner role, ConnectionStrings:DisputesOwner) and exit.
    try
    {
        await DisputesApp.MigrateAsync(app);
    }
    catch (Exception ex) when (ex is not HostAbortedException)
    {
        Environment.ExitCode = DisputesApp.StartupFailed(ex);
    }
    return;
}
if (args.Length > 0 && args[0] == "audit")
{
    // `Disputes.Web audit verify [--from --to]`: check the audit chain and exit (0 intact, 1 not).
    Environment.ExitCode = await Disputes.Web.Endpoints.AuditEndpoints.RunCommandAsync(app, args);
    return;
}
try
{
    await DisputesApp.PrepareAsync(app);
    await app.StartAsync();
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Environment.ExitCode = DisputesApp.StartupFailed(ex);
    return;
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();

public partial class Program;
