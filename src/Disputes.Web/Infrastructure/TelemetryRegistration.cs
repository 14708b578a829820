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
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); otherwise they are collected for in-process listeners only.
/// </summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddDisputesTelemetry(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var endpoint = configuration["OpenTelemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
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
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var protocol = configuration["OpenTelemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
            builder.UseOtlpExporter(protocol is "http/protobuf" ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, new Uri(endpoint));
        }
        return services;
    }
}
