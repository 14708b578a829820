namespace Disputes.Application.Security;

public static class Roles
{
    public const string Buyer = "buyer", Seller = "seller", Reviewer = "reviewer", Expert = "expert", Lead = "lead", Compliance = "compliance", Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Buyer, Seller, Reviewer, Expert, Lead, Compliance, Admin];
}

public sealed record UserInfo(string Id, string Name, string Email, string Language, IReadOnlyList<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role);
}

public interface ICurrentUser
{
    bool IsAuthenticated { get; }
    string Id { get; }
    string Name { get; }
    IReadOnlyCollection<string> Roles { get; }
    bool IsIn(string role);
}

public interface IUserDirectory
{
    UserInfo? Find(string id);
    IReadOnlyList<UserInfo> All { get; }
    IReadOnlyList<UserInfo> InRole(string role);
}
