namespace Disputes.Application.Security;

/// <summary>A person known to the service: a demo user of the embedded default, or a user of the identity provider.</summary>
public sealed record UserInfo(string Id, string Name, string Email, string Language, IReadOnlyList<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
