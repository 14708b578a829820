using Disputes.Application.Complaints;
using Disputes.Domain.Marketplace;
using Microsoft.Extensions.Caching.Memory;

namespace Disputes.Web.Infrastructure.Integrations;

/// <summary>
/// Keeps the marketplace's accounts for a short while (<see cref="MarketplaceOptions.AccountCacheTime"/>): every
/// notification asks for its recipients' and the seller's account (language, email, kind for redress), so a case
/// asks for the same few accounts again and again within seconds. Orders are always read fresh, and an account the
/// marketplace does not know is asked for again next time.
/// </summary>
public sealed class CachedMarketplaceAccounts(HttpMarketplace inner, IMemoryCache cache, MarketplaceOptions options) : IMarketplace
{
    public Task<Order?> FindOrderAsync(string orderId, CancellationToken cancellationToken) => inner.FindOrderAsync(orderId, cancellationToken);

    public Task<IReadOnlyList<Order>> OrdersOfAsync(string accountId, CancellationToken cancellationToken) => inner.OrdersOfAsync(accountId, cancellationToken);

    public async Task<Account?> FindAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        if (options.AccountCacheTime <= TimeSpan.Zero) return await inner.FindAccountAsync(accountId, cancellationToken);
        var key = (typeof(CachedMarketplaceAccounts), accountId);
        if (cache.TryGetValue(key, out Account? known)) return known;
        var account = await inner.FindAccountAsync(accountId, cancellationToken);
        if (account is not null) cache.Set(key, account, options.AccountCacheTime);
        return account;
    }
}
