using System.Net;
using System.Text;
using Disputes.Application.Effects;
using Disputes.Persistence.Local;

namespace Disputes.Web.Infrastructure.Integrations;

/// <summary>
/// Carries out refunds, cancellations, listing changes, account measures and referrals through the marketplace's
/// HTTP API: one POST per effect with its <c>Idempotency-Key</c>, so a repeated delivery is applied once by the
/// marketplace. A failure throws; the outbox retries it and, after its attempts, opens an incident.
/// </summary>
public sealed class HttpMarketplaceEffects(HttpClient http, MarketplaceOptions options) : IEffectHandler
{
    public IReadOnlyCollection<string> Kinds => LocalEffectLedger.SupportedKinds;

    public async Task ExecuteAsync(EffectRequest effect, CancellationToken cancellationToken)
    {
        var path = options.EffectPath.Replace("{kind}", Uri.EscapeDataString(effect.Kind), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(effect.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", effect.IdempotencyKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MarketplaceUnavailableException($"The marketplace did not answer {effect.Kind}: {ex.Message}", ex);
        }
        using (response)
        {
            // 409 is how an idempotent API says "already applied under this key": done.
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict) return;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new MarketplaceUnavailableException($"The marketplace refused {effect.Kind} with {(int)response.StatusCode}: {Truncate(body, 500)}");
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
