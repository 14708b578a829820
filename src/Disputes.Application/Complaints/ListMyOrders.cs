using Disputes.Application.Security;
using Disputes.Domain.Marketplace;
using Mediator;

namespace Disputes.Application.Complaints;

/// <summary>The caller's orders (as buyer or seller), to choose what to complain about.</summary>
public sealed record ListMyOrders : IQuery<IReadOnlyList<Order>>;

public sealed class ListMyOrdersHandler(IMarketplace marketplace, ICurrentUser user) : IQueryHandler<ListMyOrders, IReadOnlyList<Order>>
{
    public async ValueTask<IReadOnlyList<Order>> Handle(ListMyOrders query, CancellationToken cancellationToken) =>
        await marketplace.OrdersOfAsync(user.Id, cancellationToken);
}
