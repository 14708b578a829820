using System.Net.Http.Headers;
using Disputes.Application.Complaints;
using Disputes.Application.Effects;
using Disputes.Persistence.Local;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Disputes.Web.Infrastructure.Integrations;

public static class IntegrationsRegistration
{
    /// <summary>
    /// Swaps the embedded default's local marketplace and mailbox for the HTTP marketplace and SMTP when configured.
    /// Call after the persistence registration, which registers the local ones.
    /// </summary>
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        var marketplace = configuration.GetSection(MarketplaceOptions.Section).Get<MarketplaceOptions>() ?? new MarketplaceOptions();
        var mail = configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();

        if (marketplace.IsHttp)
        {
            if (marketplace.BaseAddress is not { IsAbsoluteUri: true })
                throw new InvalidOperationException("Marketplace:Mode is Http but Marketplace:BaseAddress is not an absolute URL.");
            services.AddSingleton(marketplace);
            void Configure(HttpClient http)
            {
                http.BaseAddress = marketplace.BaseAddress;
                http.Timeout = marketplace.Timeout;
                if (!string.IsNullOrEmpty(marketplace.ApiToken)) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", marketplace.ApiToken);
            }
            services.RemoveAll<IMarketplace>();
            services.AddHttpClient<HttpMarketplace>(Configure);
            services.AddMemoryCache();
            services.AddScoped<IMarketplace, CachedMarketplaceAccounts>();
            var ledger = services.Single(d => d.ServiceType == typeof(IEffectHandler) && d.ImplementationType == typeof(LocalEffectLedger));
            services.Remove(ledger);
            services.AddHttpClient<HttpMarketplaceEffects>(Configure);
            services.AddScoped<IEffectHandler>(sp => sp.GetRequiredService<HttpMarketplaceEffects>());
        }
        else if (!string.Equals(marketplace.Mode, "Local", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Marketplace:Mode '{marketplace.Mode}' is not known; use Local or Http.");
        }

        if (mail.IsSmtp)
        {
            if (string.IsNullOrWhiteSpace(mail.Host)) throw new InvalidOperationException("Mail:Mode is Smtp but Mail:Host is empty.");
            services.AddSingleton(mail);
            services.RemoveAll<INotificationSender>();
            services.AddSingleton<INotificationSender, SmtpNotificationSender>();
        }
        else if (!string.Equals(mail.Mode, "Mailbox", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Mail:Mode '{mail.Mode}' is not known; use Mailbox or Smtp.");
        }
        return services;
    }
}
