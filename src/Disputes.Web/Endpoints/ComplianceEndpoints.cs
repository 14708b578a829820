namespace Disputes.Web.Endpoints;

/// <summary>Issue 5: every compliance endpoint group, mapped from one place.</summary>
public static class ComplianceEndpoints
{
    public static void MapComplianceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAuditEndpoints();
        app.MapExportEndpoints();
    }
}
