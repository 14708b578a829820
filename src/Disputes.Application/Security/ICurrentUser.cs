namespace Disputes.Application.Security;

/// <summary>
/// Who is acting: the signed-in caller of an HTTP request, or <see cref="SystemUser"/> outside a request (Hangfire jobs,
/// start-up). Use <see cref="Id"/> as the actor recorded on journal and audit entries.
/// </summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The token's <c>sub</c> claim; <see cref="AnonymousId"/> for an anonymous caller.</summary>
    string Id { get; }

    string Name { get; }

    IReadOnlyCollection<string> Roles { get; }

    bool IsIn(string role);

    /// <summary>The id of a caller who did not sign in.</summary>
    public const string AnonymousId = "anonymous";
}
