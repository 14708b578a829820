using Disputes.Workflows.Activities;
using Disputes.Workflows.Definitions;
using Disputes.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Disputes.Application.Workflows;

public static class WorkflowRegistration
{
    /// <summary>
    /// Registers the runtime. Definitions are loaded and checked when the catalog is first resolved; the web host
    /// resolves it at start-up, so an invalid file stops the service with a message naming file, path and problem.
    /// Further activity types: register <see cref="IActivity"/> implementations in the container.
    /// </summary>
    public static IServiceCollection AddDisputesWorkflows(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section));
        services.AddSingleton(sp => new ActivityRegistry(sp.GetServices<IActivity>()));
        services.AddSingleton(sp =>
        {
            var folder = ResolveDefinitionsFolder(configuration.GetSection(WorkflowOptions.Section)[nameof(WorkflowOptions.DefinitionsPath)] ?? "workflows", contentRoot);
            var schema = JsonSchemaDefinitionCheck.FromFile(Path.Combine(folder, "schema", "workflow.schema.json"));
            var catalog = new DefinitionLoader(sp.GetRequiredService<ActivityRegistry>(), schema).LoadDirectory(folder);
            var problems = sp.GetServices<ICatalogCheck>().SelectMany(c => c.Check(catalog)).ToList();
            if (problems.Count > 0) throw new WorkflowDefinitionException(problems);
            return catalog;
        });
        services.AddSingleton<WorkflowInterpreter>();
        services.TryAddSingleton<GuardedDefinitions>();
        services.AddScoped<WorkflowRuntime>();
        services.AddScoped<WorkflowMigrationScope>();
        return services;
    }

    /// <summary>An absolute path, else relative to the content root, else to the app's own folder (where the build copies <c>workflows/</c>).</summary>
    public static string ResolveDefinitionsFolder(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured)) return configured;
        var underRoot = Path.GetFullPath(Path.Combine(contentRoot, configured));
        return Directory.Exists(underRoot) ? underRoot : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured));
    }
}
