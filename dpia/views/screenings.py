"""The author's side: start a screening, answer it section by section, check and submit it, and read
where it stands (outcome, remedial actions, versions)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.consultation import consult
from dpia.access import can_edit, can_review, get_action_for_user, get_screening_for_user
from dpia.answers import answers_of, compare, section_state, shown_answers
from dpia.forms import ActionDoneForm, CompareForm, ReasonForm, SectionForm, StartForm, SubmitForm
from dpia.models import AWAITING_DPO, Screening, ScreeningStatus
from dpia.questions import SECTIONS, SECTIONS_BY_SLUG
from dpia.services.screenings import (
    remedial_action_complete,
    screening_reopen,
    screening_save_answers,
    screening_start,
    screening_submit,
    screening_withdraw,
)
from governance.access import can_change_project
from governance.caching import cached_page
from governance.history import history_entries
from governance.models import Project, User
from governance.pdf import pdf_response, render_pdf
from governance.permissions import holds_object_permission
from governance.roles import Role
from governance.views.common import call_service, paginate, posted, query_without_page
from governance.workdays import working_days_until

# A review due within this many working days is marked "due soon" in the queue.
DUE_SOON_WORKING_DAYS = 2


def _org(screening: Screening) -> str:
    return screening.organisation.short_code


def _projects_user_can_screen(user: User) -> Any:
    """Projects whose screening this person may start: those they lead or own, or all of their
    organisation's for its DPO."""
    if user.organisation_id is None:
        return Project.objects.none()
    projects = Project.objects.visible_to(user).filter(organisation_id=user.organisation_id)
    if not user.has_role(Role.DPO):
        projects = projects.filter(Q(lead=user) | Q(information_asset_owner=user))
    return projects.exclude(status__in=["closed", "withdrawn"]).order_by("name")


# What a row of the queue shows: the rest of a screening (its answers, dozens of columns) stays unread.
QUEUE_COLUMNS = (
    "reference",
    "organisation_id",
    "status",
    "submitted_on",
    "due_on",
    "outcome",
    "updated_at",
    "project__name",
    "author__username",
    "author__first_name",
    "author__last_name",
    "reviewer__username",
    "reviewer__first_name",
    "reviewer__last_name",
)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ScreeningStatus.choices])
    project = forms.CharField(required=False, max_length=100)


@require_GET
@cached_page("dpia.review_queue")
def review_queue(request: HttpRequest) -> HttpResponse:
    """For a DPO, the organisation's submissions, oldest due first; for everyone else, their own."""
    user: User = request.user  # type: ignore[assignment]
    is_dpo = user.has_role(Role.DPO)
    base = Screening.objects.reviewable_by(user) if is_dpo else Screening.objects.visible_to(user)
    filters = QueueFilterForm(request.GET or None)
    screenings = base.select_related("project", "author", "reviewer").only(*QUEUE_COLUMNS)
    status = query = ""
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        if status:
            screenings = screenings.filter(status=status)
        if query := filters.cleaned_data["project"].strip():
            screenings = screenings.filter(
                Q(project__name__icontains=query)
                | Q(project__reference__icontains=query)
                | Q(reference__icontains=query)
            )
    shown_statuses = [status] if status else (list(AWAITING_DPO) if is_dpo else None)
    if is_dpo and not status:
        screenings = screenings.filter(status__in=AWAITING_DPO)
    screenings = screenings.order_by("due_on", "submitted_on", "pk") if is_dpo else screenings.order_by("-updated_at")
    counts = dict(base.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    # Filtered by status alone, the list's length is already in the counts by status: no second count.
    total = None
    if not query:
        total = sum(n for key, n in counts.items() if shown_statuses is None or key in shown_statuses)
    page = paginate(request, screenings, count=total)
    today = timezone.localdate()
    for screening in page.object_list:
        screening.working_days_left = (
            working_days_until(today, screening.due_on) if screening.due_on and screening.awaiting_dpo else None
        )
    return render(
        request,
        "dpia/review_queue.html",
        {
            "page": page,
            "filters": filters,
            "query": query_without_page(request),
            "is_dpo": is_dpo,
            "counts": [(choice, counts.get(choice.value, 0)) for choice in ScreeningStatus],
            "due_soon_days": DUE_SOON_WORKING_DAYS,
            "can_start": _projects_user_can_screen(user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def screening_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    projects = _projects_user_can_screen(user)
    initial = {"project": request.GET.get("project")} if request.GET.get("project") else None
    form = StartForm(posted(request), projects=projects, initial=initial)
    if request.method == "POST" and form.is_valid():
        project = form.cleaned_data["project"]
        if not can_change_project(user, project):
            raise PermissionDenied("Only the project's lead, asset owner or the DPO can screen it.")
        screening = screening_start(project=project, actor=user)
        messages.success(request, f"Screening {screening.reference} started. Your answers save as you go.")
        return redirect(screening)
    return render(request, "dpia/screening_start.html", {"form": form})


@require_GET
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk)
    if (ask := consult(request, screening)) is not None:
        return ask
    answers = answers_of(screening)
    editable = can_edit(user, screening)
    versions = list(
        screening.versions.select_related("submitted_by", "returned_by", "decided_by").prefetch_related("comments")
    )
    latest = versions[-1] if versions else None
    return render(
        request,
        "dpia/screening_detail.html",
        {
            "screening": screening,
            "editable": editable,
            "reviewer": can_review(user, screening),
            "tasks": [(section, section_state(section, answers)) for section in SECTIONS],
            "sections": [(section, shown_answers(section, answers, _org(screening))) for section in SECTIONS],
            "versions": versions,
            "latest": latest,
            "returned_comments": _comments_by_question(latest) if screening.status == ScreeningStatus.RETURNED else {},
            "actions": screening.remedial_actions.select_related("owner", "done_by"),
            "assessment": getattr(screening, "assessment", None),
            "can_reopen": screening.status in (ScreeningStatus.DECIDED, ScreeningStatus.CONDITIONAL)
            and (can_review(user, screening) or holds_object_permission(user, screening, "change")),
            "today": timezone.localdate(),
        },
    )


def _comments_by_question(version: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    if version is not None:
        for comment in version.comments.all():
            grouped.setdefault(comment.question, []).append(comment)
    return grouped


@require_http_methods(["GET", "POST"])
def screening_section(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None:
        raise Http404("No such section.")
    screening = get_screening_for_user(user, pk, "edit")
    projects = _projects_user_can_screen(user) | Project.objects.filter(pk=screening.project_id)
    initial = {q.key: getattr(screening, q.key) for q in section.questions}
    initial["project"] = screening.project_id
    initial["version"] = screening.version
    form = SectionForm(
        posted(request),
        section=section,
        org=_org(screening),
        projects=projects.distinct(),
        initial=initial,
    )
    if request.method == "POST":
        form.is_valid()
        answers = form.answers()
        saved = call_service(
            form,
            lambda: screening_save_answers(
                screening=screening,
                actor=user,
                answers=answers,
                expected_version=form.cleaned_data.get("version") or 0,
            ),
        )
        if saved is not None:
            data = cast(QueryDict, form.data).copy()
            data["version"] = str(saved.version)
            form.data = data
            finishing = request.POST.get("action") == "continue"
            if finishing:
                form.check_complete({**answers_of(saved)})
            if not form.errors:
                messages.success(
                    request,
                    f"{section.heading} saved." if finishing else f"{section.heading} saved as a draft.",
                )
                return redirect(_next_after(saved, section) if finishing else saved.get_absolute_url())
            if answers:
                messages.info(request, "Your other answers on this page have been saved.")
    return render(
        request,
        "dpia/screening_section.html",
        {
            "screening": screening,
            "section": section,
            "form": form,
            "outro": section.outro.replace("{org}", _org(screening)),
        },
    )


def _next_after(screening: Screening, section: Any) -> str:
    later = [s for s in SECTIONS if s.number > section.number]
    if later:
        return reverse("dpia:screening_section", args=[screening.pk, later[0].slug])
    return reverse("dpia:screening_check", args=[screening.pk])


@require_http_methods(["GET", "POST"])
def screening_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit to the DPO."""
    user: User = request.user  # type: ignore[assignment]
    screening = get_screening_for_user(user, pk, "edit")
    answers = answers_of(screening)
    form = SubmitForm(posted(request), initial={"version": screening.version})
    if request.method == "POST" and form.is_valid():
        submitted = call_service(
            form,
            lambda: screening_submit(
                screening=screening,
                actor=user,
                expected_version=form.cleaned_data["version"],
                response_note=form.cleaned_data["response_note"],
            ),
        )
        if submitted is not None:
            due = formats.date_format(submitted.due_on or timezone.localdate(), "l j F Y")
            messages.success(request, f"Screening submitted to the DPO. Their initial response is due by {due}.")
            return redirect(submitted)
    incomplete = [(section, state) for section in SECTIONS if (state := section_state(section, answers)) != "Completed"]
    return render(
        request,
        "dpia/screening_check.html",
        {
            "screening": screening,
            "form": form,
            "sections": [(section, shown_answers(section, answers, _org(screening))) for section in SECTIONS],
            "incomplete": incomplete,
            "returned": screening.status == ScreeningStatus.RETURNED,
        },
    )


@require_http_methods(["GET", "POST"])
def remedial_action_done(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    action = get_action_for_user(user, pk)
    form = ActionDoneForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, lambda: remedial_action_complete(action=action, actor=user, note=form.cleaned_data["note"])
        )
        if done is not None:
            messages.success(request, "Remedial action marked as done.")
            return redirect(action.screening)
    return render(request, "dpia/action_done.html", {"action": action, "form": form})


def _reason_page(
    request: HttpRequest, screening: Screening, *, service: Any, title: str, button: str, done: str
) -> HttpResponse:
    form = ReasonForm(posted(request), initial={"version": screening.version})
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form,
            lambda: service(
                screening=screening,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if changed is not None:
            messages.success(request, done)
            return redirect(changed)
    return render(
        request,
        "dpia/reason_form.html",
        {"screening": screening, "form": form, "title": title, "button": button},
    )


@require_http_methods(["GET", "POST"])
def screening_reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_screening_for_user(request.user, pk, "reopen")  # type: ignore[arg-type]
    return _reason_page(
        request,
        screening,
        service=screening_reopen,
        title="Reopen the screening",
        button="Reopen screening",
        done="Screening reopened as a draft. Update the answers and submit it again.",
    )


@require_http_methods(["GET", "POST"])
def screening_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_screening_for_user(request.user, pk, "edit")  # type: ignore[arg-type]
    return _reason_page(
        request,
        screening,
        service=screening_withdraw,
        title="Withdraw the screening",
        button="Withdraw screening",
        done="Screening withdrawn.",
    )


@require_GET
def screening_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two submitted versions."""
    screening = get_screening_for_user(request.user, pk)  # type: ignore[arg-type]
    if (ask := consult(request, screening, "compared")) is not None:
        return ask
    versions = {v.number: v for v in screening.versions.all()}
    numbers = sorted(versions)
    if len(numbers) < 2:
        return render(
            request,
            "dpia/screening_versions.html",
            {"screening": screening, "form": None, "versions": numbers},
        )
    form = CompareForm(request.GET or None, numbers=numbers, initial={"older": numbers[-2], "newer": numbers[-1]})
    older, newer = numbers[-2], numbers[-1]
    if form.is_bound and form.is_valid():
        older, newer = sorted((form.cleaned_data["older"], form.cleaned_data["newer"]))
    changes = compare(versions[older].answers, versions[newer].answers, _org(screening))
    return render(
        request,
        "dpia/screening_versions.html",
        {
            "screening": screening,
            "form": form,
            "older": versions[older],
            "newer": versions[newer],
            "changes": changes,
        },
    )


@require_GET
def screening_history(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_screening_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": screening, "entries": history_entries(screening)})


@require_GET
def screening_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_screening_for_user(request.user, pk)  # type: ignore[arg-type]
    if (ask := consult(request, screening, "downloaded")) is not None:
        return ask
    answers = answers_of(screening)
    pdf = render_pdf(
        "dpia/screening_pdf.html",
        {
            "screening": screening,
            "sections": [(section, shown_answers(section, answers, _org(screening))) for section in SECTIONS],
            "outcomes": _outcome_boxes(screening),
            "org": _org(screening),
        },
        request=request,
    )
    return pdf_response(pdf, f"{screening.reference}.pdf")


def _outcome_boxes(screening: Screening) -> list[tuple[str, bool]]:
    from dpia.questions import Outcome

    return [(choice.label, screening.outcome == choice.value) for choice in Outcome]
