using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Disputes.Application.Complaints;
using Disputes.Domain.Marketplace;

namespace Disputes.Web.Infrastructure.Integrations;

/// <summary>
/// Orders and accounts read from the marketplace's HTTP API. The documents have the same shape as the entries of
/// <c>reference/marketplace.local.json</c>; 404 means "no such order or account".
/// </summary>
public sealed class HttpMarketplace(HttpClient http, MarketplaceOptions options) : IMarketplace
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public async Task<Order?> FindOrderAsync(string orderId, CancellationToken cancellationToken) =>
        await GetAsync<Order>(Path(options.OrderPath, orderId), cancellationToken);

    public async Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
        (await GetAsync<AccountDocument>(Path(options.AccountPath, accountId), cancellationToken))?.ToAccount();

    public async Task<IReadOnlyList<Order>> OrdersOfAsync(string accountId, CancellationToken cancellationToken) =>
        await GetAsync<List<Order>>(Path(options.AccountOrdersPath, accountId), cancellationToken) ?? [];

    private static string Path(string template, string id) => template.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);

    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MarketplaceUnavailableException($"The marketplace did not answer GET {path}: {ex.Message}", ex);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new MarketplaceUnavailableException($"The marketplace answered GET {path} with {(int)response.StatusCode} {response.ReasonPhrase}.");
            try
            {
                return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            }
            catch (JsonException ex)
            {
                throw new MarketplaceUnavailableException($"The marketplace's answer to GET {path} is not the expected JSON: {ex.Message}", ex);
            }
        }
    }

    private sealed record AccountDocument(string Id, string Name, string Email, string Language, string? Country, AccountKind Kind, List<string>? AdrBodies)
    {
        public Account ToAccount() => new(Id, Name, Email, Language, Country ?? "", Kind, AdrBodies ?? []);
    }
}
