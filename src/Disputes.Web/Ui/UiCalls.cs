using Disputes.Application.Complaints;
using Disputes.Application.Workflows;
using Disputes.Domain;
using Disputes.Web.Infrastructure.Auth;
using Disputes.Workflows.Runtime;
using Mediator;
using Microsoft.AspNetCore.Components.Authorization;

namespace Disputes.Web.Ui;

/// <summary>Why a UI operation did not succeed, in words a person can act on; <see cref="Fields"/> go next to their inputs.</summary>
public sealed record UiProblem(UiProblemKind Kind, string Message, IReadOnlyDictionary<string, string[]> Fields)
{
    /// <summary>The messages for one field, by the use case's field name (e.g. <c>outcomes[0].amount</c>); null when it has none.</summary>
    public string? Field(string name) => Fields.TryGetValue(name, out var messages) ? string.Join(" ", messages) : null;
}

public enum UiProblemKind { Invalid, NotFound, NotAllowed, WrongState, Stale, Failed }

public sealed record UiResult<T>(T? Value, UiProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// How pages run use cases: each call gets its own service scope (a circuit lives long; a DbContext must not), with
/// the circuit's signed-in user as the scope's <see cref="Disputes.Application.Security.ICurrentUser"/>. The same
/// Mediator commands and queries as the endpoints run, with the same rules; their errors become <see cref="UiProblem"/>s.
/// </summary>
public sealed class UiCalls(IServiceScopeFactory scopes, AuthenticationStateProvider authentication, UiText text, ILogger<UiCalls> logger)
{
    public async Task<UiResult<T>> RunAsync<T>(Func<IMediator, ValueTask<T>> action)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<UiPrincipal>().User = state.User;
        try
        {
            return new UiResult<T>(await action(scope.ServiceProvider.GetRequiredService<IMediator>()), null);
        }
        catch (Exception ex) when (Describe(ex) is { } problem)
        {
            return new UiResult<T>(default, Localize(problem));
        }
        catch (Exception ex)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            logger.LogError(ex, "UI operation failed (reference {Reference})", reference);
            return new UiResult<T>(default, new UiProblem(UiProblemKind.Failed, text.F("problem.failed-reference", ("reference", reference)), Empty));
        }
    }

    /// <summary>
    /// The problem in the user's language: the kind's explanation instead of the use case's English message, and per
    /// field the text of that field's rule (<c>rule.amount</c> for <c>outcomes[0].amount</c>). English readers keep
    /// the use case's own, more precise, wording.
    /// </summary>
    public UiProblem Localize(UiProblem problem)
    {
        if (text.Language == "en") return problem;
        var message = problem.Kind == UiProblemKind.Failed && problem.Message.StartsWith("The marketplace", StringComparison.Ordinal)
            ? text["problem.marketplace"] : text["problem.explain." + problem.Kind];
        var fields = problem.Fields.ToDictionary(f => f.Key, f => new[] { RuleText(f.Key) });
        return problem with { Message = message, Fields = fields };
    }

    private string RuleText(string field)
    {
        var name = field.Split('.').Last();
        name = name.Contains('[', StringComparison.Ordinal) ? name[..name.IndexOf('[', StringComparison.Ordinal)] : name;
        var rule = text["rule." + name];
        return rule.ResourceNotFound ? text["rule.other"] : rule;
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    /// <summary>The expected errors of the use cases, as the API's problem details name them.</summary>
    public static UiProblem? Describe(Exception ex) => ex switch
    {
        DomainRuleException rule => new UiProblem(UiProblemKind.Invalid, rule.Message, rule.Errors),
        CaseNotFoundException or InstanceNotFoundException or DefinitionNotFoundException or IncidentNotFoundException or BookmarkNotFoundException
            => new UiProblem(UiProblemKind.NotFound, ex.Message, Empty),
        CaseAccessDeniedException => new UiProblem(UiProblemKind.NotAllowed, ex.Message, Empty),
        CaseStateException or InvalidInstanceStateException or BookmarkConsumedException or WorkflowConflictException or InvalidStimulusException
            => new UiProblem(UiProblemKind.WrongState, ex.Message, Empty),
        PreconditionFailedException or PreconditionRequiredException => new UiProblem(UiProblemKind.Stale, ex.Message, Empty),
        ArgumentOutOfRangeException range => new UiProblem(UiProblemKind.Invalid, range.Message, Empty),
        Infrastructure.Integrations.MarketplaceUnavailableException => new UiProblem(UiProblemKind.Failed, "The marketplace is not answering right now, so nothing was saved. Please try again in a minute.", Empty),
        _ => null,
    };
}
