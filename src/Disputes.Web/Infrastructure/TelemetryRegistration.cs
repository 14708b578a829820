using Disputes.Application.Telemetry;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Disputes.Web.Infrastructure;

/// <summary>
/// OpenTelemetry traces and metrics: HTTP requests, outgoing HTTP calls (the marketplace), PostgreSQL commands,
/// .NET runtime, and the service's own spans and meters (<see cref="DisputesTelemetry"/>). They are exported over
/// OTLP when an endpoint is configured (<c>OpenTelemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Without an endpoint the SDK is not registered: it would record a span for every
/// request, database command and outgoing call for nobody to read. In-process listeners (<c>ActivityListener</c>,
/// <c>MeterListener</c>, dotnet-counters, dotnet-trace) see the same sources and meters either way.
/// </summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddDisputesTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var endpoint = configuration["OpenTelemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return services;
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OpenTelemetry:ServiceName"] ?? "disputes", serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString())
                .AddAttributes([new("deployment.environment.name", environment.EnvironmentName)]))
            .WithTracing(t => t
                .AddSource(DisputesTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(DisputesTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
        var protocol = configuration["OpenTelemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        builder.UseOtlpExporter(protocol is "http/protobuf" ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        return services;
    }
}
