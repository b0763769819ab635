"""Breach pages: the register (the DPO's list with each ICO clock; everyone else's own reports), the
report form anyone signed in may use, a breach's record, and the DPO's steps on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from breaches.access import get_breach_for_user, may_work, reads_register, sees_full_record
from breaches.forms import (
    ActionForm,
    CloseForm,
    IcoForm,
    IndividualsForm,
    RecordForm,
    ReportForm,
    RiskForm,
    moment,
    moment_initial,
)
from breaches.models import OPEN, UNDECIDED, Breach, BreachStatus, ContainmentAction, RiskLevel
from breaches.partners import partner_organisations
from breaches.services import (
    action_add,
    action_done,
    breach_assess_risk,
    breach_close,
    breach_decide_ico,
    breach_decide_individuals,
    breach_report,
    breach_update,
)
from governance.choices import PersonalDataCategory, SpecialCategory, labels
from governance.history import history_entries
from governance.models import Dataset, User
from governance.views.common import act, call_service, paginate, posted, query_without_page
from isa.models import Agreement, AgreementParty

SHOWS = {"open": "Open", "closed": "Closed", "all": "All"}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    show = request.GET.get("show", "open")
    show = show if show in SHOWS else "open"
    breaches = Breach.objects.visible_to(user).select_related("reported_by")
    if show == "open":
        breaches = breaches.filter(status__in=OPEN)
    elif show == "closed":
        breaches = breaches.filter(status=BreachStatus.CLOSED)
    now = timezone.now()
    page = paginate(request, breaches)
    return render(
        request,
        "breaches/index.html",
        {
            "page": page,
            "rows": [(breach, breach.ico_clock(now)) for breach in page.object_list],
            "register": reads_register(user),
            "show": show,
            "shows": SHOWS,
            "query": query_without_page(request),
        },
    )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        breach = call_service(
            form,
            lambda: breach_report(
                actor=user, summary=data["summary"], discovered_at=moment(data, "discovered"),  # type: ignore[arg-type]
                data_involved=data["data_involved"], people_affected=data["people_affected"],
            ),
        )  # fmt: skip
        if breach is not None:
            messages.success(
                request, f"Breach {breach.reference} reported. Your Data Protection Officer has been told."
            )
            return redirect(breach)
    return render(request, "breaches/report.html", {"form": form})


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    breach = get_breach_for_user(user, pk)
    context: dict[str, Any] = {"breach": breach, "full": sees_full_record(user, breach), "can_work": False}
    if context["full"]:
        context.update(
            can_work=may_work(user, breach) and breach.is_open,
            clock=breach.ico_clock(),
            actions=breach.actions.select_related("owner", "done_by"),
            datasets=breach.datasets.select_related("organisation"),
            agreements=breach.agreements.select_related("contact_point").prefetch_related(
                Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
            ),
            partners=partner_organisations(breach),
            high_risk=breach.risk_level == RiskLevel.HIGH,
            undecided=breach.status in UNDECIDED,
            data_labels=labels(PersonalDataCategory, breach.data_categories),
            special_labels=labels(SpecialCategory, breach.special_categories),
        )
    return render(request, "breaches/detail.html", context)


def _working(request: HttpRequest, pk: int) -> tuple[User, Breach]:
    user: User = request.user  # type: ignore[assignment]
    return user, get_breach_for_user(user, pk, "work")


def _page(request: HttpRequest, breach: Breach, form: Any, title: str, button: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "breaches/step.html",
        {"form": form, "breach": breach, "title": title, "button": button, "clock": breach.ico_clock(), **extra},
    )


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    initial = {
        "regime": breach.regime,
        "data_categories": breach.data_categories,
        "special_categories": breach.special_categories,
        "people_affected": breach.people_affected,
        "datasets": list(breach.datasets.values_list("pk", flat=True)),
        "agreements": list(breach.agreements.values_list("pk", flat=True)),
        "version": breach.version,
        **moment_initial(breach.aware_at, "aware"),
    }
    form = RecordForm(
        posted(request),
        initial=initial,
        datasets=Dataset.objects.visible_to(user).select_related("organisation").order_by("name"),
        agreements=Agreement.objects.visible_to(user).order_by("title"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: breach_update(
                breach=breach, actor=user, expected_version=data["version"], regime=data["regime"],
                aware_at=moment(data, "aware"),  # type: ignore[arg-type]
                data_categories=data["data_categories"], special_categories=data["special_categories"],
                people_affected=data["people_affected"], datasets=data["datasets"], agreements=data["agreements"],
                reason=data["reason"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, "The breach record is saved.")
            return redirect(saved)
    return _page(request, breach, form, "The breach record", "Save the record")


@require_http_methods(["GET", "POST"])
def risk(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    form = RiskForm(
        posted(request),
        initial={"likelihood": breach.likelihood, "severity": breach.severity, "reasons": breach.risk_reasons,
                 "version": breach.version},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: breach_assess_risk(
                breach=breach, actor=user, expected_version=data["version"], likelihood=data["likelihood"],
                severity=data["severity"], reasons=data["reasons"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, f"Risk assessed: {saved.get_risk_level_display().lower()}.")
            return redirect(saved)
    return _page(
        request, breach, form, "Assess the risk to people", "Save the assessment",
        intro="Unlikely harm or minimal harm means the breach is unlikely to result in a risk; severe harm that may "
        "happen, or significant harm that probably will, is a high risk.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def ico(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    form = IcoForm(posted(request), initial={"version": breach.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: breach_decide_ico(
                breach=breach, actor=user, expected_version=data["version"], decision=data["decision"],
                reasons=data["reasons"], reported_at=moment(data, "reported"), ico_reference=data["ico_reference"],
                late_reasons=data["late_reasons"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, f"Decision recorded: {saved.get_status_display().lower()}.")
            return redirect(saved)
    risk_label = breach.get_risk_level_display().lower() if breach.risk_level else "not yet assessed"
    return _page(
        request, breach, form, "Report to the ICO?", "Record the decision",
        intro=f"The risk assessment: {risk_label}. A breach must be reported unless it is unlikely to result in a "
        "risk to people's rights and freedoms.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def individuals(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    form = IndividualsForm(
        posted(request),
        regime=breach.regime,
        initial={"decision": breach.tell_decision, "exemption": breach.tell_exemption, "reasons": breach.tell_reasons,
                 "public_communication": breach.public_communication, "version": breach.version,
                 **moment_initial(breach.told_at, "told")},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            lambda: breach_decide_individuals(
                breach=breach, actor=user, expected_version=data["version"], decision=data["decision"],
                reasons=data["reasons"], exemption=data["exemption"], told_at=moment(data, "told"),
                public_communication=data["public_communication"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, "Decision on telling the people affected recorded.")
            return redirect(saved)
    high = breach.risk_level == RiskLevel.HIGH
    return _page(
        request, breach, form, "Tell the people affected?", "Record the decision",
        intro="The risk is high: the people affected must be told without undue delay, unless an exemption applies."
        if high else "The risk is not high: telling the people affected is not required, but may still help them.",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    people = User.objects.filter(organisation_id=breach.organisation_id, is_active=True).order_by(
        "last_name", "first_name"
    )
    form = ActionForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        added = call_service(
            form,
            lambda: action_add(
                breach=breach, actor=user, description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
            ),
        )  # fmt: skip
        if added is not None:
            messages.success(request, "Containment action added.")
            return redirect(breach)
    return _page(request, breach, form, "Add a containment or recovery action", "Add the action")


@require_POST
def action_mark_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    action = get_object_or_404(ContainmentAction, pk=action_pk, breach=breach)
    act(request, lambda: action_done(action=action, actor=user), "Action marked as done.")
    return redirect(breach)


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user, breach = _working(request, pk)
    form = CloseForm(posted(request), initial={"lessons": breach.lessons, "version": breach.version})
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: breach_close(
                breach=breach, actor=user, expected_version=form.cleaned_data["version"],
                lessons=form.cleaned_data["lessons"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, f"Breach {saved.reference} closed.")
            return redirect(saved)
    return _page(request, breach, form, "Close the breach", "Close the breach")


@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    breach = get_breach_for_user(user, pk)
    if not sees_full_record(user, breach):
        raise PermissionDenied("The history of a breach is for the organisation's DPO, SIRO and auditors.")
    return render(request, "governance/history.html", {"record": breach, "entries": history_entries(breach)})
