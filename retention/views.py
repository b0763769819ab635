"""Retention pages: what is due in the next 30 days (with a hold or a review a click away), schedules,
holds, reviews and confirmations, and the disposal log with its CSV export."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.access import get_dataset_for_user
from governance.history import history_entries
from governance.models import Dataset, Project, User
from governance.views.common import act, call_service, paginate, posted, query_without_page
from retention.access import (
    get_confirmation_for_user,
    get_hold_for_user,
    get_review_for_user,
    get_schedule_for_user,
    manages_schedules,
    may_decide,
    require_officer,
)
from retention.due import Holds, due_records
from retention.extracts import due_extracts
from retention.forms import (
    ConfirmDeletionForm,
    DatasetScheduleForm,
    HoldForm,
    LogFilterForm,
    ReasonForm,
    RecordHoldForm,
    RecordTypeForm,
    ReviewForm,
    ScheduleForm,
)
from retention.models import (
    BlockedDisposal,
    ConfirmationStatus,
    DisposalConfirmation,
    DisposalRecord,
    LegalHold,
    RetentionReview,
    RetentionSchedule,
    ReviewStatus,
    SweepRun,
)
from retention.registry import EXTERNAL_DATASET, record_type, type_choices
from retention.services import (
    confirmation_confirm,
    dataset_set_schedule,
    hold_place,
    hold_release,
    review_decide,
    review_start,
    schedule_create,
    schedule_retire,
    schedule_update,
)

HORIZON_DAYS = 30
DUE_ROWS = 200


@dataclass(frozen=True)
class DueRow:
    schedule: RetentionSchedule
    record_type: str
    kind_label: str
    record_id: int
    label: str
    due_on: datetime.date
    state: str
    can_hold: bool
    can_review: bool


def _state(record: Any, today: datetime.date) -> tuple[str, bool]:
    """How a due record stands, and whether a review may be started on it now."""
    review = record.review
    if record.held:
        return "On hold", False
    if review is not None and review.status == ReviewStatus.OPEN:
        return f"Review open ({review.owner})", False
    if review is not None and review.status == ReviewStatus.DISPOSE:
        return "Review: to be disposed of", False
    action = record.schedule.get_action_display()
    overdue = " (overdue: the next sweep)" if record.due_on < today else ""
    return f"{action}{overdue}", True


def due_soon(organisation_id: int, today: datetime.date) -> tuple[list[DueRow], bool]:
    """What the sweep will do in the next 30 days, soonest first; at most DUE_ROWS rows."""
    holds = Holds.in_force()
    until = today + datetime.timedelta(days=HORIZON_DAYS)
    rows: list[DueRow] = []
    schedules = RetentionSchedule.objects.filter(organisation_id=organisation_id, active=True).order_by("pk")
    for schedule in schedules:
        if schedule.record_type == EXTERNAL_DATASET:
            for extract in due_extracts(schedule, until):
                if DisposalConfirmation.objects.filter(dataset_id=extract.dataset_id, extract_key=extract.key).exists():
                    continue
                held = extract.dataset_id in holds.datasets or extract.project_id in holds.projects
                rows.append(DueRow(schedule, EXTERNAL_DATASET, "Dataset extract", extract.dataset_id, extract.label,
                                   extract.due_on, "On hold" if held else "Asset owner to confirm deletion", False,
                                   False))  # fmt: skip
                if len(rows) >= DUE_ROWS:
                    return sorted(rows, key=lambda row: row.due_on), True
            continue
        kind = record_type(schedule.record_type)
        for page in due_records(schedule, until, holds):
            objects = kind.load([record.pk for record in page.records])
            for record in page.records:
                obj = objects.get(record.pk)
                if obj is None:
                    continue
                state, can_review = _state(record, today)
                rows.append(DueRow(schedule, kind.key, kind.label, record.pk, kind.describe(obj), record.due_on, state,
                                   not record.held, can_review))  # fmt: skip
                if len(rows) >= DUE_ROWS:
                    return sorted(rows, key=lambda row: row.due_on), True
    return sorted(rows, key=lambda row: row.due_on), False


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_officer(user)
    today = timezone.localdate()
    rows, truncated = due_soon(organisation_id, today)
    confirmations = DisposalConfirmation.objects.filter(
        organisation_id=organisation_id, status=ConfirmationStatus.OPEN
    ).select_related("owner", "dataset", "schedule")
    return render(
        request,
        "retention/index.html",
        {
            "rows": rows,
            "truncated": truncated,
            "horizon": HORIZON_DAYS,
            "holds": LegalHold.objects.in_force()
            .filter(organisation_id=organisation_id)
            .select_related("project", "dataset", "placed_by"),
            "reviews": RetentionReview.objects.filter(
                organisation_id=organisation_id, status=ReviewStatus.OPEN
            ).select_related("owner", "schedule"),
            "confirmations": [(c, c.overdue(today)) for c in confirmations],
            "blocked": BlockedDisposal.objects.filter(organisation_id=organisation_id),
            "last_run": SweepRun.objects.filter(finished_at__isnull=False).first(),
            "schedule_count": RetentionSchedule.objects.filter(organisation_id=organisation_id, active=True).count(),
            "today": today,
        },
    )


# Schedules -------------------------------------------------------------------------------------


@require_GET
def schedule_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_officer(user)
    labels = dict(type_choices())
    schedules = [
        (schedule, labels.get(schedule.record_type, schedule.record_type))
        for schedule in RetentionSchedule.objects.filter(organisation_id=organisation_id)
    ]
    return render(
        request, "retention/schedule_list.html", {"schedules": schedules, "can_manage": manages_schedules(user)}
    )


@require_http_methods(["GET", "POST"])
def schedule_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_officer(user)
    if not manages_schedules(user):
        raise PermissionDenied("Only the Data Protection Officer makes retention schedules.")
    chosen = request.GET.get("record_type", "")
    if chosen not in dict(type_choices()):
        choice = RecordTypeForm(request.GET or None)
        choice.is_valid()  # shows "choose a kind" when a bad one was asked for
        return render(request, "retention/schedule_type.html", {"form": choice})
    form = ScheduleForm(posted(request), record_type_key=chosen)
    if request.method == "POST" and form.is_valid():
        schedule = call_service(form, lambda: schedule_create(actor=user, record_type=chosen, **form.terms()))
        if schedule is not None:
            messages.success(request, f"Schedule “{schedule.name}” made.")
            return redirect(schedule)
    return render(
        request,
        "retention/schedule_form.html",
        {"form": form, "kind_label": dict(type_choices())[chosen], "title": "New retention schedule"},
    )


@require_GET
def schedule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    schedule = get_schedule_for_user(user, pk)
    kind_label = dict(type_choices()).get(schedule.record_type, schedule.record_type)
    fixed = ""
    anonymise: list[str] = []
    if schedule.record_type != EXTERNAL_DATASET:
        kind = record_type(schedule.record_type)
        fixed = kind.dates[schedule.fixed_date].label if schedule.fixed_date else ""
        anonymise = [kind.anonymisable.get(name, name) for name in schedule.anonymise_fields]
    return render(
        request,
        "retention/schedule_detail.html",
        {
            "schedule": schedule,
            "kind_label": kind_label,
            "fixed": fixed,
            "anonymise": anonymise,
            "can_manage": manages_schedules(user),
            "disposals": schedule.disposals.count(),
            "datasets": schedule.datasets.select_related("dataset"),
        },
    )


@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    schedule = get_schedule_for_user(user, pk, "manage")
    names = ("name", "period_value", "period_unit", "trigger", "fixed_date", "action", "anonymise_fields",
             "authority", "rationale", "review_first", "notice_days", "version")  # fmt: skip
    form = ScheduleForm(
        posted(request), record_type_key=schedule.record_type, initial={n: getattr(schedule, n) for n in names}
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: schedule_update(
                schedule=schedule, actor=user, expected_version=form.cleaned_data["version"] or 0, **form.terms()
            ),
        )
        if saved is not None:
            messages.success(request, "Schedule changed. Records already disposed of keep the terms they went under.")
            return redirect(saved)
    kind_label = dict(type_choices()).get(schedule.record_type, schedule.record_type)
    return render(
        request,
        "retention/schedule_form.html",
        {"form": form, "kind_label": kind_label, "title": f"Change “{schedule.name}”", "schedule": schedule},
    )


@require_POST
def schedule_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    schedule = get_schedule_for_user(user, pk, "manage")
    version = request.POST.get("version", "")
    act(
        request,
        lambda: schedule_retire(
            schedule=schedule, actor=user, expected_version=int(version) if version.isdigit() else 0
        ),
        f"“{schedule.name}” retired: nothing more is disposed of under it.",
    )
    return redirect(schedule)


@require_GET
def schedule_history(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_schedule_for_user(request.user, pk)  # type: ignore[arg-type]
    return render(request, "governance/history.html", {"record": schedule, "entries": history_entries(schedule)})


# Holds -----------------------------------------------------------------------------------------


@require_GET
def hold_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_officer(user)
    holds = LegalHold.objects.filter(organisation_id=organisation_id).select_related(
        "project", "dataset", "placed_by", "released_by"
    )
    return render(request, "retention/hold_list.html", {"page": paginate(request, holds)})


@require_http_methods(["GET", "POST"])
def hold_new(request: HttpRequest) -> HttpResponse:
    """A hold on a project's chain or a dataset; a hold on one record is placed from the "due" page."""
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_officer(user)
    record_key, record_id = request.GET.get("record_type", ""), request.GET.get("record_id", "")
    if record_key:
        return _record_hold(request, user, record_key, record_id)
    form = HoldForm(
        posted(request),
        projects=Project.objects.filter(organisation_id=organisation_id).order_by("name"),
        datasets=Dataset.objects.filter(organisation_id=organisation_id).order_by("name"),
        initial={"scope": request.GET.get("scope", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hold = call_service(
            form,
            lambda: hold_place(
                actor=user, scope=data["scope"], reason=data["reason"], details=data["details"],
                project=data["project"] if data["scope"] == "project" else None,
                dataset=data["dataset"] if data["scope"] == "dataset" else None,
            ),
        )  # fmt: skip
        if hold is not None:
            messages.success(request, f"Hold placed on {hold.subject}. Nothing it covers will be disposed of.")
            return redirect(hold)
    return render(request, "retention/hold_form.html", {"form": form, "subject": None})


def _record_hold(request: HttpRequest, user: User, record_key: str, record_id: str) -> HttpResponse:
    try:
        kind = record_type(record_key)
    except KeyError as error:
        raise Http404 from error
    if not record_id.isdigit():
        raise Http404
    obj = kind.model._base_manager.filter(
        pk=int(record_id), **{kind.organisation: user.organisation_id}
    ).select_related(*kind.related).first()  # fmt: skip
    if obj is None:
        raise Http404
    form = RecordHoldForm(posted(request))
    if request.method == "POST" and form.is_valid():
        hold = call_service(
            form,
            lambda: hold_place(
                actor=user, scope="record", record_type_key=kind.key, record_id=obj.pk, **form.cleaned_data
            ),
        )
        if hold is not None:
            messages.success(request, f"Hold placed on {hold.subject}. It will not be disposed of.")
            return redirect("retention:index")
    return render(request, "retention/hold_form.html", {"form": form, "subject": kind.describe(obj)})


@require_GET
def hold_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    hold = get_hold_for_user(user, pk)
    return render(request, "retention/hold_detail.html", {"hold": hold, "entries": history_entries(hold)})


@require_http_methods(["GET", "POST"])
def hold_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    hold = get_hold_for_user(user, pk)
    form = ReasonForm(posted(request))
    form.fields["reason"].label = "Why is the hold released?"
    if request.method == "POST" and form.is_valid():
        released = call_service(form, lambda: hold_release(hold=hold, actor=user, reason=form.cleaned_data["reason"]))
        if released is not None:
            messages.success(request, f"Hold on {hold.subject} released. Disposal resumes at the next sweep.")
            return redirect(released)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Release the hold on {hold.subject}", "back": hold.get_absolute_url(),
         "button": "Release the hold"},
    )  # fmt: skip


# Reviews and confirmations ---------------------------------------------------------------------


@require_POST
def review_start_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    organisation_id = require_officer(user)
    schedule = get_object_or_404(
        RetentionSchedule, pk=request.POST.get("schedule") or 0, organisation_id=organisation_id
    )
    try:
        record_id = int(request.POST.get("record_id", ""))
        due_on = datetime.date.fromisoformat(request.POST.get("due_on", ""))
    except ValueError as error:
        raise Http404 from error
    if schedule.record_type == EXTERNAL_DATASET:
        raise Http404
    done = act(
        request,
        lambda: review_start(actor=user, schedule=schedule, record_id=record_id, due_on=due_on),
        "Review opened: its owner decides whether to keep the record or let it go.",
    )
    if done:
        review = RetentionReview.objects.get(record_type=schedule.record_type, record_id=record_id, status="open")
        return redirect(review)
    return redirect("retention:index")


@require_http_methods(["GET", "POST"])
def review_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    review = get_review_for_user(user, pk)
    can_decide = may_decide(user, review) and review.status == ReviewStatus.OPEN
    if request.method == "POST" and not can_decide:
        raise PermissionDenied("Only the record's owner or the DPO decides this review, once.")
    form = ReviewForm(posted(request), initial={"version": review.version})
    if request.method == "POST" and form.is_valid():
        decided = call_service(
            form,
            lambda: review_decide(
                review=review, actor=user, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
                keep_until=form.cleaned_data.get("keep_until"), expected_version=form.cleaned_data["version"],
            ),
        )  # fmt: skip
        if decided is not None:
            messages.success(request, "Decision recorded.")
            return redirect(reverse("retention:index") if _officer(user) else reverse("retention:tasks"))
    return render(request, "retention/review.html", {"review": review, "form": form, "can_decide": can_decide})


@require_http_methods(["GET", "POST"])
def confirmation_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    confirmation = get_confirmation_for_user(user, pk)
    can_confirm = may_decide(user, confirmation) and confirmation.status == ConfirmationStatus.OPEN
    if request.method == "POST" and not can_confirm:
        raise PermissionDenied("Only the dataset's asset owner or the DPO confirms this, once.")
    form = ConfirmDeletionForm(posted(request), initial={"version": confirmation.version})
    if request.method == "POST" and form.is_valid():
        confirmed = call_service(
            form,
            lambda: confirmation_confirm(
                confirmation=confirmation, actor=user, method=form.cleaned_data["method"],
                deleted_on=form.cleaned_data["deleted_on"], note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            ),
        )  # fmt: skip
        if confirmed is not None:
            messages.success(request, "Deletion confirmed and recorded in the disposal log.")
            return redirect(reverse("retention:index") if _officer(user) else reverse("retention:tasks"))
    return render(
        request,
        "retention/confirmation.html",
        {"confirmation": confirmation, "form": form, "can_confirm": can_confirm,
         "overdue": confirmation.overdue()},
    )  # fmt: skip


def _officer(user: User) -> bool:
    from retention.access import sees_retention

    return sees_retention(user)


@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    """The reviews and confirmations waiting on the signed-in person."""
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    confirmations = DisposalConfirmation.objects.filter(owner=user, status=ConfirmationStatus.OPEN).select_related(
        "dataset", "schedule"
    )
    return render(
        request,
        "retention/tasks.html",
        {
            "reviews": RetentionReview.objects.filter(owner=user, status=ReviewStatus.OPEN).select_related("schedule"),
            "confirmations": [(c, c.overdue(today)) for c in confirmations],
        },
    )


# The dataset's schedule ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def dataset_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    dataset = get_dataset_for_user(user, pk, "change")
    schedules = RetentionSchedule.objects.filter(
        organisation_id=dataset.organisation_id, record_type=EXTERNAL_DATASET, active=True
    )
    current = getattr(dataset, "retention", None)
    form = DatasetScheduleForm(
        posted(request), schedules=schedules, initial={"schedule": current.schedule_id if current else None}
    )
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: dataset_set_schedule(dataset=dataset, actor=user, schedule=form.cleaned_data["schedule"]) or True,
        )
        if done:
            messages.success(request, "Retention schedule saved.")
            return redirect(dataset)
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Retention of {dataset.name}'s extracts", "back": dataset.get_absolute_url(),
         "button": "Save", "intro": "Copies of this dataset made for projects are deleted where they are held when "
         "this schedule says, and the asset owner confirms it." if schedules else
         "Your organisation has no schedule for dataset extracts yet: the DPO makes one under Retention."},
    )  # fmt: skip


# The disposal log ------------------------------------------------------------------------------


def _log(request: HttpRequest, organisation_id: int) -> tuple[LogFilterForm, Any]:
    form = LogFilterForm(request.GET or None)
    records = DisposalRecord.objects.filter(organisation_id=organisation_id).select_related("authorised_by", "schedule")
    if form.is_valid():
        data = form.cleaned_data
        if data["record_type"]:
            records = records.filter(record_type=data["record_type"])
        if data["method"]:
            records = records.filter(method=data["method"])
        if data["since"]:
            records = records.filter(disposed_at__date__gte=data["since"])
        if data["until"]:
            records = records.filter(disposed_at__date__lte=data["until"])
    return form, records


@require_GET
def disposal_log(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form, records = _log(request, require_officer(user))
    labels = dict(type_choices())
    page = paginate(request, records)
    return render(
        request,
        "retention/log.html",
        {"form": form, "page": page, "labels": labels, "query": query_without_page(request)},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def disposal_log_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The disposal log (as filtered) as CSV, streamed so its size does not matter."""
    user: User = request.user  # type: ignore[assignment]
    _, records = _log(request, require_officer(user))
    labels = dict(type_choices())
    writer = csv.writer(_Echo())
    header = ["Disposed at", "Record type", "Record id", "Label", "Method", "Schedule", "Trigger date", "Due date",
              "Authorised by", "Authority", "SHA-256"]  # fmt: skip

    def rows() -> Any:
        yield writer.writerow(header)
        for record in records.iterator(chunk_size=500):
            yield writer.writerow([
                timezone.localtime(record.disposed_at).isoformat(timespec="seconds"),
                labels.get(record.record_type, record.record_type), record.record_id, _safe(record.label),
                record.get_method_display(), _safe(record.schedule_summary), record.trigger_on or "", record.due_on,
                _safe(str(record.authorised_by)), _safe(record.authority), record.sha256,
            ])  # fmt: skip

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="disposal-log-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def _safe(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
