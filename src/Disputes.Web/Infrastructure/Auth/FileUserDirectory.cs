using System.Text.Json;
using Disputes.Application.Security;
using Disputes.Application.Workflows;

namespace Disputes.Web.Infrastructure.Auth;

/// <summary>
/// The users of <c>users.local.json</c> in the reference folder (<c>Reference:Path</c>, default <c>reference</c>, resolved
/// like the workflows folder). Read once at start-up; a missing or malformed file stops start-up naming the file.
/// </summary>
public sealed class FileUserDirectory : IUserDirectory
{
    public const string FileName = "users.local.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    private readonly Dictionary<string, UserInfo> byId;

    private FileUserDirectory(IReadOnlyList<UserInfo> users)
    {
        All = users;
        byId = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<UserInfo> All { get; }

    public UserInfo? Find(string id) => byId.GetValueOrDefault(id);

    public IReadOnlyList<UserInfo> InRole(string role) => [.. All.Where(u => u.IsIn(role))];

    public static string ResolvePath(IConfiguration configuration, string contentRoot) =>
        Path.Combine(WorkflowRegistration.ResolveDefinitionsFolder(configuration["Reference:Path"] ?? "reference", contentRoot), FileName);

    /// <exception cref="UserDirectoryException">The file is missing or malformed; the message names it.</exception>
    public static FileUserDirectory Load(string path)
    {
        if (!File.Exists(path)) throw new UserDirectoryException($"{path}: the users file does not exist (set Reference:Path to the reference folder).");
        UsersFile? file;
        try
        {
            file = JsonSerializer.Deserialize<UsersFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new UserDirectoryException($"{path}: not valid JSON: {ex.Message}", ex);
        }
        if (file?.Users is not { Count: > 0 } entries) throw new UserDirectoryException($"{path}: $.users must list at least one user.");

        var users = new List<UserInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var at = $"{path}: $.users[{i}]";
            if (e is null || string.IsNullOrWhiteSpace(e.Id)) throw new UserDirectoryException($"{at}.id is required.");
            if (!seen.Add(e.Id)) throw new UserDirectoryException($"{at}.id '{e.Id}' appears twice.");
            if (string.IsNullOrWhiteSpace(e.Name)) throw new UserDirectoryException($"{at}.name is required.");
            if (e.Roles is not { Count: > 0 }) throw new UserDirectoryException($"{at}.roles must name at least one role.");
            if (e.Roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
                throw new UserDirectoryException($"{at}.roles: unknown role '{unknown}' (known: {string.Join(", ", Roles.All)}).");
            users.Add(new UserInfo(e.Id, e.Name, e.Email ?? "", e.Language ?? "en", [.. e.Roles.Distinct(StringComparer.Ordinal)]));
        }
        return new FileUserDirectory(users);
    }

    private sealed record UsersFile(List<UserEntry?>? Users);

    private sealed record UserEntry(string? Id, string? Name, string? Email, string? Language, List<string>? Roles);
}

/// <summary>The users file is missing or malformed.</summary>
public sealed class UserDirectoryException : Exception
{
    public UserDirectoryException(string message) : base(message) { }
    public UserDirectoryException(string message, Exception inner) : base(message, inner) { }
    public UserDirectoryException() { }
}
