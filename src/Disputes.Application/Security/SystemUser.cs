namespace Disputes.Application.Security;

/// <summary>
/// The actor outside an HTTP request: Hangfire jobs (timers, outbox, signposting) and start-up work. It is
/// authenticated but holds no role, so it passes no role check: it acts only where code acts on its own.
/// </summary>
public sealed class SystemUser : ICurrentUser
{
    public const string SystemId = "system";

    /// <summary>The role recorded for what the service does on its own (audit entries).</summary>
    public const string RoleName = "system";

    public static SystemUser Instance { get; } = new();

    public bool IsAuthenticated => true;
    public string Id => SystemId;
    public string Name => "Disputes (system)";
    public IReadOnlyCollection<string> Roles => [];
    public bool IsIn(string role) => false;
}
