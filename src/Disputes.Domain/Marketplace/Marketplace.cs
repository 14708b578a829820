namespace Disputes.Domain.Marketplace;

public enum AccountKind { Consumer, Business }

/// <summary>A marketplace account (buyer or seller), as the marketplace reports it.</summary>
public sealed record Account(string Id, string Name, string Email, string Language, string Country, AccountKind Kind, IReadOnlyList<string> AdrBodies);

public sealed record OrderItem(string Id, string ListingId, string Title, decimal Price);

/// <summary>An order, as the marketplace reports it. The amount paid is the items plus shipping.</summary>
public sealed record Order(
    string Id,
    string BuyerId,
    string SellerId,
    string Currency,
    DateTimeOffset PlacedAt,
    DateTimeOffset? PaidAt,
    DateTimeOffset? DeliveredAt,
    string? TrackingNumber,
    decimal Shipping,
    IReadOnlyList<OrderItem> Items)
{
    public decimal AmountPaid => Items.Sum(i => i.Price) + Shipping;
}
