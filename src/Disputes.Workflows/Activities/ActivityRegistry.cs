using System.Diagnostics.CodeAnalysis;
using Disputes.Workflows.Activities.Builtin;

namespace Disputes.Workflows.Activities;

/// <summary>The activity types a runtime knows: the built-in set plus types registered in code.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, IActivity> types = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<IActivity>? additional = null)
    {
        foreach (var a in Builtins()) types[a.Type] = a;
        foreach (var a in additional ?? [])
        {
            if (!types.TryAdd(a.Type, a))
                throw new InvalidOperationException($"Activity type '{a.Type}' is registered twice.");
        }
    }

    public static IEnumerable<IActivity> Builtins() =>
    [
        new StartActivity(), new EndActivity(), new HumanTaskActivity(), new SignalActivity(), new TimerActivity(),
        new DecisionActivity(), new ForkActivity(), new JoinActivity(), new EffectActivity(), new NotifyActivity(),
    ];

    public IEnumerable<string> Types => types.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string type, [NotNullWhen(true)] out IActivity? activity) => types.TryGetValue(type, out activity);

    public IActivity Get(string type) =>
        types.TryGetValue(type, out var a) ? a : throw new InvalidOperationException($"Unknown activity type '{type}'.");
}
