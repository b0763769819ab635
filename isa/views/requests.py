"""Access requests and grants: ask, see the prerequisite checks, decide per dataset, and see access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.consultation import consult
from governance.caching import cached_page
from governance.history import history_entries
from governance.models import Dataset, Project, User
from governance.views.common import call_service, paginate, posted, query_without_page
from isa.access import get_grant_for_user, get_request_for_user
from isa.forms import AccessRequestForm, AskForm, ConfirmForm, LineDecisionForm, RevokeForm
from isa.models import (
    IN_FORCE,
    AccessGrant,
    AccessRequest,
    AgreementDataset,
    Approval,
    ApproverRole,
    GrantStatus,
    RequestedDataset,
    RequestStatus,
)
from isa.prerequisites import evaluate
from isa.services.grants import grant_revoke
from isa.services.requests import (
    access_request_ask,
    access_request_create,
    access_request_decide,
    access_request_resubmit,
    access_request_withdraw,
    approver_roles,
    default_end,
    needed_roles,
    undecided_roles,
)


def requestable_datasets(user: User) -> Any:
    """Datasets this person may ask for: their organisation's, and those an agreement in force shares
    with it."""
    if user.organisation_id is None:
        return Dataset.objects.none()
    shared = AgreementDataset.objects.filter(
        dataset=OuterRef("pk"), recipient_id=user.organisation_id, agreement__status__in=IN_FORCE
    )
    return (
        Dataset.objects.filter(Q(organisation_id=user.organisation_id) | Exists(shared))
        .filter(status="active")
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def _projects(user: User) -> Any:
    if user.organisation_id is None:
        return Project.objects.none()
    return (
        Project.objects.visible_to(user)
        .filter(organisation_id=user.organisation_id, status__in=["proposed", "active"])
        .order_by("name")
    )


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """The person's own requests, and those waiting for their decision."""
    user: User = request.user  # type: ignore[assignment]
    requests = AccessRequest.objects.visible_to(user).select_related("requester", "project")
    mine = requests.filter(requester=user)
    open_requests = (
        requests.filter(status=RequestStatus.SUBMITTED)
        .exclude(requester=user)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=RequestedDataset.objects.select_related("dataset__organisation").prefetch_related("approvals"),
            )
        )
    )
    waiting = [r for r in open_requests[:100] if any(undecided_roles(user, line) for line in r.lines.all())]
    others = requests.exclude(requester=user)
    return render(
        request,
        "isa/request_list.html",
        {
            "waiting": waiting,
            "page": paginate(request, mine),
            "others": others[:25],
            "can_request": _projects(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    initial: dict[str, Any] = {"start_date": today, "end_date": default_end(today)}
    if project_id := request.GET.get("project"):
        initial["project"] = project_id
    form = AccessRequestForm(
        posted(request), projects=_projects(user), datasets=requestable_datasets(user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            lambda: access_request_create(
                actor=user,
                project=form.cleaned_data["project"],
                datasets=list(form.cleaned_data["datasets"]),
                **form.answers(),
            ),
        )
        if created is not None:
            messages.success(request, f"Request {created.reference} sent to the datasets' approvers.")
            return redirect(created)
    return render(request, "isa/request_form.html", {"form": form, "access_request": None})


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access_request = get_request_for_user(user, pk)
    if (ask := consult(request, access_request)) is not None:
        return ask
    # Prefetched onto the request, so that the checks below read these lines rather than fetch them again.
    prefetch_related_objects(
        [access_request],
        Prefetch(
            "lines",
            queryset=RequestedDataset.objects.select_related(
                "dataset__organisation", "dataset__information_asset_owner"
            ).prefetch_related(Prefetch("approvals", queryset=Approval.objects.select_related("decided_by"))),
        ),
    )
    lines = list(access_request.lines.all())
    decidable = []
    for line in lines:
        current = [a for a in line.approvals.all() if not a.superseded]
        line.current_approvals = current  # type: ignore[attr-defined]
        line.roles_left = [ApproverRole(r) for r in needed_roles(line) if r not in {a.role for a in current}]  # type: ignore[attr-defined]
        line.my_roles = [ApproverRole(r) for r in undecided_roles(user, line)]  # type: ignore[attr-defined]
        if line.my_roles and access_request.status == RequestStatus.SUBMITTED:  # type: ignore[attr-defined]
            decidable.append(line)
    checks = evaluate(access_request, user if decidable else None)
    return render(
        request,
        "isa/request_detail.html",
        {
            "access_request": access_request,
            "lines": lines,
            "checks": checks,
            "all_pass": all(c.passed for c in checks),
            "decidable": decidable,
            "decision_form": LineDecisionForm(),
            "is_requester": access_request.requester_id == user.pk,
            "grants": access_request.grants.select_related("dataset", "agreement"),
        },
    )


@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int, line_pk: int, role: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access_request = get_request_for_user(user, pk)
    line = get_object_or_404(
        RequestedDataset.objects.select_related("dataset__organisation"), pk=line_pk, request=access_request
    )
    if role not in ApproverRole.values:
        raise Http404("No such approver.")
    if role not in approver_roles(user, line):
        raise PermissionDenied(f"You cannot decide for {line.dataset.name} as {ApproverRole(role).label.lower()}.")
    form = LineDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decided = call_service(
            form,
            lambda: access_request_decide(
                request=access_request,
                line=line,
                actor=user,
                role=role,
                decision=form.cleaned_data["decision"],
                conditions=form.cleaned_data["conditions"],
            ),
        )
        if decided is not None:
            messages.success(request, f"Decision on {line.dataset.name} recorded.")
            return redirect(access_request)
    checks = evaluate(access_request, user)
    return render(
        request,
        "isa/request_decide.html",
        {
            "access_request": access_request,
            "line": line,
            "role": ApproverRole(role),
            "form": form,
            "checks": checks,
        },
    )


@require_http_methods(["GET", "POST"])
def request_ask(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access_request = get_request_for_user(user, pk, "ask")
    form = AskForm(posted(request), initial={"version": access_request.version})
    if request.method == "POST" and form.is_valid():
        asked = call_service(
            form,
            lambda: access_request_ask(
                request=access_request,
                actor=user,
                question=form.cleaned_data["question"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if asked is not None:
            messages.success(request, "The request is back with the requester, with your question.")
            return redirect(asked)
    return render(
        request,
        "isa/request_simple.html",
        {
            "access_request": access_request,
            "form": form,
            "title": "Ask for more information",
            "button": "Send the question",
        },
    )


@require_http_methods(["GET", "POST"])
def request_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access_request = get_request_for_user(user, pk, "requester")
    initial = {
        name: getattr(access_request, name) for name in AccessRequestForm.base_fields if hasattr(access_request, name)
    }
    initial["version"] = access_request.version
    form = AccessRequestForm(
        posted(request),
        projects=Project.objects.none(),
        datasets=Dataset.objects.none(),
        resubmit=True,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        resubmitted = call_service(
            form,
            lambda: access_request_resubmit(
                request=access_request, actor=user, expected_version=form.cleaned_data["version"] or 0, **form.answers()
            ),
        )
        if resubmitted is not None:
            messages.success(request, "Request resubmitted to the approvers.")
            return redirect(resubmitted)
    return render(request, "isa/request_form.html", {"form": form, "access_request": access_request})


@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access_request = get_request_for_user(user, pk, "requester")
    form = ConfirmForm(request.POST)
    if form.is_valid():
        withdrawn = call_service(
            form,
            lambda: access_request_withdraw(
                request=access_request, actor=user, expected_version=form.cleaned_data["version"]
            ),
        )
        if withdrawn is not None:
            messages.success(request, "Request withdrawn.")
            return redirect(withdrawn)
    messages.error(
        request, " ".join(str(error) for error in form.non_field_errors()) or "The request could not be withdrawn."
    )
    return redirect(access_request)


@require_GET
def request_history(request: HttpRequest, pk: int) -> HttpResponse:
    access_request = get_request_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(
        request, "governance/history.html", {"record": access_request, "entries": history_entries(access_request)}
    )


@require_GET
@cached_page("isa.my_access")
def my_access(request: HttpRequest) -> HttpResponse:
    """The person's grants: current ones with their expiry and the agreement each rests on, and past ones."""
    user: User = request.user  # type: ignore[assignment]
    grants = AccessGrant.objects.filter(user=user)
    # A busy analyst holds thousands of grants: current ones a page at a time, and only the columns shown.
    current = (
        grants.filter(status=GrantStatus.ACTIVE)
        .select_related("dataset__organisation", "request__project", "agreement")
        .only(
            "expires_on",
            "dataset__name",
            "dataset__organisation__name",
            "request__project__name",
            "agreement__reference",
        )
        .order_by("expires_on", "pk")
    )
    # The datasets' names fetched for the 25 shown (a join would read the whole dataset register to hash it).
    past = (
        grants.exclude(status=GrantStatus.ACTIVE)
        .only("status", "ended_at", "ended_reason", "dataset_id")
        .prefetch_related(Prefetch("dataset", queryset=Dataset.objects.only("name")))
        .order_by("-ended_at", "pk")[:25]
    )
    return render(
        request,
        "isa/my_access.html",
        {
            "page": paginate(request, current),
            "query": query_without_page(request),
            "past": past,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def grant_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    access = get_grant_for_user(user, pk, "revoke")
    form = RevokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        revoked = call_service(
            form, lambda: grant_revoke(access=access, actor=user, reason=form.cleaned_data["reason"])
        )
        if revoked is not None:
            messages.success(request, f"{access.user}'s access to {access.dataset.name} is revoked.")
            return redirect(access.dataset)
    return render(request, "isa/grant_revoke.html", {"access": access, "form": form})
