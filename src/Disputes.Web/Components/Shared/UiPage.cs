using Disputes.Application.Security;
using Disputes.Web.Infrastructure.Auth;
using Disputes.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Disputes.Web.Components.Shared;

public enum PageAccess { Checking, Allowed, NotAllowed }

/// <summary>
/// Base of every page: the signed-in user, the texts, the use-case runner, and the page's role check. A visitor who
/// is not signed in is sent to the sign-in page; a user without one of the page's roles sees a notice. The roles are
/// those of the endpoints the page's use cases stand behind; the use cases still check each case.
/// </summary>
public abstract class UiPage : ComponentBase
{
    [Inject] protected UiCalls Calls { get; set; } = default!;
    [Inject] protected UiText T { get; set; } = default!;
    [Inject] protected NavigationManager Nav { get; set; } = default!;
    [Inject] protected TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    protected ICurrentUser Me { get; private set; } = SystemUser.Instance;

    protected PageAccess Access { get; private set; } = PageAccess.Checking;

    /// <summary>True when the user may see the page (one of <paramref name="roles"/>); otherwise redirects or denies.</summary>
    protected async Task<bool> EnterAsync(params string[] roles)
    {
        var state = Authentication is null ? null : await Authentication;
        var user = new HttpCurrentUser(state?.User ?? new System.Security.Claims.ClaimsPrincipal());
        Me = user;
        if (!user.IsAuthenticated)
        {
            var back = "/" + Nav.ToBaseRelativePath(Nav.Uri);
            Nav.NavigateTo("/signin?returnUrl=" + Uri.EscapeDataString(back), forceLoad: true);
            Access = PageAccess.Checking;
            return false;
        }
        Access = roles.Length == 0 || roles.Any(user.IsIn) ? PageAccess.Allowed : PageAccess.NotAllowed;
        return Access == PageAccess.Allowed;
    }

    protected bool IsParty => Me.IsIn(Roles.Buyer) || Me.IsIn(Roles.Seller);
}
