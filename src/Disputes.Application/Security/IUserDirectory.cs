namespace Disputes.Application.Security;

/// <summary>The people the service knows, with their roles (the embedded default reads <c>reference/users.local.json</c>).</summary>
public interface IUserDirectory
{
    UserInfo? Find(string id);

    IReadOnlyList<UserInfo> All { get; }

    IReadOnlyList<UserInfo> InRole(string role);
}
