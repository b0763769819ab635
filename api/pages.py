"""The API tokens page: people issue and revoke their own tokens; the Data Protection Officer also does so
for the organisation's service accounts. A token's value is shown once, on the page that creates it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import ApiToken, ServiceAccount
from api.tokens import token_create, token_revoke
from governance.models import User
from governance.roles import Role
from governance.views.common import act, call_service, posted


def _accounts(user: User) -> list[ServiceAccount]:
    """The service accounts whose tokens the user manages: their organisation's, for its DPO."""
    if user.organisation_id is None or not user.has_role(Role.DPO):
        return []
    return list(ServiceAccount.objects.filter(organisation_id=user.organisation_id).order_by("name"))


def _manageable(user: User, accounts: list[ServiceAccount]) -> QuerySet[ApiToken]:
    """The user's own tokens and those of the service accounts they manage."""
    tokens = Q(user_id=user.pk, service_account__isnull=True)
    if accounts:
        tokens |= Q(service_account__in=accounts)
    return ApiToken.objects.filter(tokens).select_related("service_account").order_by("-created_at", "-pk")


def _require_holder(user: User) -> None:
    if user.organisation_id is None:
        raise Http404


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _require_holder(user)
    accounts = _accounts(user)
    form = TokenForm(posted(request), user=user, accounts=accounts, initial={"holder": "self", "days": 90})
    if request.method == "POST" and form.is_valid():
        account = form.service_account()
        issued = call_service(
            form,
            lambda: token_create(
                user=account.user if account is not None else user,
                service_account=account,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                actor=user,
            ),
        )
        if issued is not None:
            # Shown here once and never again: not redirected to, not kept in the session, not cached.
            response = render(request, "api/token_created.html", {"issued": issued, "token": issued.token})
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": _manageable(user, accounts), "manages_accounts": bool(accounts)},
    )


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    _require_holder(user)
    token = get_object_or_404(_manageable(user, _accounts(user)), pk=pk)
    act(request, lambda: token_revoke(token=token, actor=user), f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api_tokens")
