using Disputes.Application.Compliance.Audit;
using Hangfire.Server;
using Mediator;
using Microsoft.Extensions.Options;

namespace Disputes.Web.Jobs;

/// <summary>
/// Seals the audit trail in the background, inside every Hangfire server, every <c>Audit:SealInterval</c>. The sealer's
/// database lock lets one node seal at a time; a node that dies mid-batch loses nothing (the batch rolls back and the
/// next run seals it).
/// </summary>
public sealed partial class AuditSealerPump(IServiceScopeFactory scopes, IOptions<AuditOptions> options, ILogger<AuditSealerPump> logger) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context)
    {
        try
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SealAuditTrail(), context.StoppingToken).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (context.StoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
        context.Wait(options.Value.SealInterval);
    }

    [LoggerMessage(LogLevel.Error, "The audit sealer failed; it runs again on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
