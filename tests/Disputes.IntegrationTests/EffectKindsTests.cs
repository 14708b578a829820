using Disputes.Domain.Outcomes;
using Disputes.Persistence.Local;
using Disputes.Workflows.Activities.Builtin;

namespace Disputes.IntegrationTests;

/// <summary>The domain's one list of effect kinds agrees with the runtime's notify kind and with what the marketplace ports apply.</summary>
public sealed class EffectKindsTests
{
    [Test]
    public void The_runtime_notify_kind_and_the_local_ledger_use_the_domain_list()
    {
        Assert.That(EffectKinds.Notify, Is.EqualTo(NotifyActivity.Kind));
        Assert.That(LocalEffectLedger.SupportedKinds, Is.EquivalentTo(EffectKinds.Marketplace.Append(EffectKinds.Record)));
        Assert.That(EffectKinds.All, Is.SupersetOf(LocalEffectLedger.SupportedKinds));
    }
}
