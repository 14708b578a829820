using System.Text.Json.Nodes;
using Disputes.Application.Ports;
using Disputes.Workflows.Runtime;

namespace Disputes.Web.Infrastructure;

/// <summary>Demo instances for a fresh embedded database (never in Production).</summary>
public static class DemoData
{
    public static async Task SeedAsync(IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var read = scope.ServiceProvider.GetRequiredService<IWorkflowReadModel>();
        var existing = await read.QueryInstancesAsync(new InstanceQuery(null, null, null, null, null, 1, 1), CancellationToken.None);
        if (existing.Total > 0) return;

        var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
        if (!runtime.Catalog.All.Any(d => d.Id == "sample-review")) return;
        for (var i = 1; i <= 3; i++)
        {
            await runtime.StartAsync(new StartRequest("sample-review", null, $"demo-{i}",
                new JsonObject { ["orderId"] = $"ORD-DEMO-{i:000}", ["amount"] = 25 * i, ["currency"] = "EUR" }, "demo seed"));
        }
        logger.LogInformation("Seeded 3 demo instances of sample-review");
    }
}
