using System.Text.Json;
using Disputes.Application.Complaints;
using Disputes.Domain.Marketplace;

namespace Disputes.Persistence.Local;

/// <summary>The embedded default's marketplace: orders and accounts from <c>reference/marketplace.local.json</c>.</summary>
public sealed class LocalMarketplace : IMarketplace
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
    private readonly Dictionary<string, Order> orders;
    private readonly Dictionary<string, Account> accounts;

    public LocalMarketplace(string file)
    {
        try
        {
            var data = JsonSerializer.Deserialize<MarketplaceFile>(File.ReadAllText(file), Json) ?? throw new InvalidDataException("the file is empty");
            accounts = data.Accounts.Select(a => new Account(a.Id, a.Name, a.Email, a.Language, a.Country ?? "", a.Kind, a.AdrBodies ?? [])).ToDictionary(a => a.Id, StringComparer.Ordinal);
            orders = data.Orders.ToDictionary(o => o.Id, StringComparer.Ordinal);
            foreach (var o in orders.Values)
            {
                if (!accounts.ContainsKey(o.BuyerId) || !accounts.ContainsKey(o.SellerId)) throw new InvalidDataException($"order {o.Id} names an unknown account");
                if (o.Items.Count == 0) throw new InvalidDataException($"order {o.Id} has no items");
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Marketplace data file '{file}' is not valid: {ex.Message}", ex);
        }
    }

    public IReadOnlyCollection<Order> Orders => orders.Values;

    public Task<Order?> FindOrderAsync(string orderId, CancellationToken cancellationToken) => Task.FromResult(orders.GetValueOrDefault(orderId));

    public Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) => Task.FromResult(accounts.GetValueOrDefault(accountId));

    public Task<IReadOnlyList<Order>> OrdersOfAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Order>>(orders.Values.Where(o => o.BuyerId == accountId || o.SellerId == accountId).OrderByDescending(o => o.PlacedAt).ToList());

    private sealed record AccountEntry(string Id, string Name, string Email, string Language, string? Country, AccountKind Kind, List<string>? AdrBodies);

    private sealed record MarketplaceFile(List<AccountEntry> Accounts, List<Order> Orders);
}
