using Disputes.Web;

var app = DisputesApp.Build(args);
if (args.Contains("migrate"))
{
    // `Disputes.Web migrate`: apply migrations and exit (used by docker-compose before the app serves).
    await DisputesApp.MigrateAsync(app);
    return;
}
await DisputesApp.PrepareAsync(app);
await app.RunAsync();

public partial class Program;
