"""Retention figures, for the DPO and SIRO of the organisation (who see retention; everyone else gets 404
there, so auditors do not see these either): disposals done in the period (from the tombstones), what
is due in the next 30 days (as ``retention.due`` finds it for the sweep), holds in force, and deletions
of extracts waiting for their asset owner's confirmation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dashboard.kinds import BadValue, Bar, Column, CountFigure, Figure, FigureResult, GroupedFigure, choices
from dashboard.registry import Panel
from dashboard.scope import Scope
from retention.access import sees_retention
from retention.due import Holds, due_records
from retention.extracts import due_extracts
from retention.models import (
    ConfirmationStatus,
    DisposalConfirmation,
    DisposalRecord,
    LegalHold,
    Method,
    RetentionSchedule,
    ReviewStatus,
)
from retention.registry import EXTERNAL_DATASET, record_type, type_choices

HORIZON_DAYS = 30


def disposals(scope: Scope) -> QuerySet[DisposalRecord]:
    return DisposalRecord.objects.filter(organisation_id=scope.organisation.pk).filter(
        scope.period("disposed_at", moment=True)
    )


def holds(scope: Scope) -> QuerySet[LegalHold]:
    return LegalHold.objects.in_force().filter(organisation_id=scope.organisation.pk)


def open_confirmations(scope: Scope) -> QuerySet[DisposalConfirmation]:
    return DisposalConfirmation.objects.filter(organisation_id=scope.organisation.pk, status=ConfirmationStatus.OPEN)


def _overdue_confirmation(scope: Scope) -> Q:
    """Open more than their schedule's notice after they fell due (``DisposalConfirmation.overdue``): one
    condition per notice period the organisation's schedules use, as the notice is the schedule's."""
    notices = set(
        RetentionSchedule.objects.filter(organisation_id=scope.organisation.pk, record_type=EXTERNAL_DATASET)
        .order_by()
        .values_list("notice_days", flat=True)
        .distinct()
    )
    condition = Q(pk__in=[])
    for days in notices:
        condition |= Q(schedule__notice_days=days, due_on__lt=scope.today - datetime.timedelta(days=days))
    return condition


def overdue_confirmations(scope: Scope) -> QuerySet[DisposalConfirmation]:
    return open_confirmations(scope).filter(_overdue_confirmation(scope))


@dataclass(frozen=True)
class DueItem:
    """One record (or dataset extract) the sweep will act on soon, and where it stands."""

    bucket: str
    schedule: RetentionSchedule
    kind_key: str
    kind_label: str
    record_id: int
    due_on: datetime.date
    label: str = ""  # filled in for lists (counting needs no label)
    url: str = ""

    def get_absolute_url(self) -> str:
        return self.url or self.schedule.get_absolute_url()


BUCKETS = {
    "past": "Past their date: the next sweep acts",
    "soon": f"Due in the next {HORIZON_DAYS} days",
    "review": "Waiting for a review decision",
    "held": "On legal hold: kept",
}


def due_items(organisation_id: int, today: datetime.date) -> list[DueItem]:
    """What the sweep acts on in the next 30 days, as ``retention.due`` reads it (a page of keys at a
    time, so the queries grow with the schedules, not the records). Extracts already waiting for their
    confirmation are left out: they are counted as confirmations."""
    holds_in_force = Holds.in_force()
    until = today + datetime.timedelta(days=HORIZON_DAYS)
    items: list[DueItem] = []
    for schedule in RetentionSchedule.objects.filter(organisation_id=organisation_id, active=True).order_by("pk"):
        if schedule.record_type == EXTERNAL_DATASET:
            extracts = list(due_extracts(schedule, until))
            opened = set(
                DisposalConfirmation.objects.filter(
                    dataset_id__in={e.dataset_id for e in extracts}, extract_key__in={e.key for e in extracts}
                ).values_list("dataset_id", "extract_key")
            ) if extracts else set()  # fmt: skip
            for extract in extracts:
                if (extract.dataset_id, extract.key) in opened:
                    continue
                held = extract.dataset_id in holds_in_force.datasets or extract.project_id in holds_in_force.projects
                bucket = "held" if held else ("past" if extract.due_on <= today else "soon")
                items.append(DueItem(bucket, schedule, EXTERNAL_DATASET, "Dataset extract", extract.dataset_id,
                                     extract.due_on, extract.label))  # fmt: skip
            continue
        kind = record_type(schedule.record_type)
        for page in due_records(schedule, until, holds_in_force):
            for record in page.records:
                if record.held:
                    bucket = "held"
                elif record.review is not None and record.review.status == ReviewStatus.OPEN:
                    bucket = "review"
                else:
                    bucket = "past" if record.due_on <= today else "soon"
                items.append(DueItem(bucket, schedule, kind.key, kind.label, record.pk, record.due_on))
    return sorted(items, key=lambda item: (item.due_on, item.kind_key, item.record_id))


def _described(items: Sequence[DueItem]) -> list[DueItem]:
    """The items with their labels (no personal data) and links, read a kind at a time."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for item in items:
        if item.kind_key != EXTERNAL_DATASET:
            by_kind[item.kind_key].append(item.record_id)
    loaded = {key: record_type(key).load(pks) for key, pks in by_kind.items()}
    described = []
    for item in items:
        if item.kind_key == EXTERNAL_DATASET:
            described.append(item)
            continue
        obj = loaded[item.kind_key].get(item.record_id)
        if obj is None:
            continue  # disposed of since it was counted
        url = getattr(obj, "get_absolute_url", None)
        described.append(
            DueItem(item.bucket, item.schedule, item.kind_key, item.kind_label, item.record_id, item.due_on,
                    record_type(item.kind_key).describe(obj), url() if callable(url) else "")
        )  # fmt: skip
    return described


@dataclass(frozen=True, kw_only=True)
class DueFigure(Figure):
    def measure(self, scope: Scope, *, sample: int = 0) -> FigureResult:
        counts = dict.fromkeys(BUCKETS, 0)
        for item in due_items(scope.organisation.pk, scope.today):
            counts[item.bucket] += 1
        bars = [Bar(label, counts[key], self.url(scope, key)) for key, label in BUCKETS.items()]
        return FigureResult(self, scope, sum(counts.values()), self.url(scope), bars)

    def records(self, scope: Scope, value: str | None = None, series: str | None = None) -> list[DueItem]:
        if series is not None:
            raise BadValue(f"“{self.title}” has no series to choose from.")
        if value is not None and value not in BUCKETS:
            raise BadValue(f"“{value}” is not one of the parts of “{self.title}”.")
        items = [i for i in due_items(scope.organisation.pk, scope.today) if value is None or i.bucket == value]
        return _described(items)

    def value_label(self, scope: Scope, value: str | None, series: str | None = None) -> str:
        return BUCKETS.get(value or "", "")


def _kind_label(key: str) -> str:
    return dict(type_choices()).get(key, key)


DISPOSAL_COLUMNS = (
    # A tombstone has no page: the record it stands for is gone.
    Column("Record", lambda d: d.label),
    Column("Kind", lambda d: _kind_label(d.record_type)),
    Column("How", lambda d: d.get_method_display()),
    Column("Disposed of", lambda d: d.disposed_at),
    Column("Due", lambda d: d.due_on),
    Column("Authorised by", lambda d: str(d.authorised_by)),
    Column("SHA-256", lambda d: d.sha256),
)
DUE_COLUMNS = (
    Column("Record", lambda i: i.label, lambda i: i.get_absolute_url()),
    Column("Kind", lambda i: i.kind_label),
    Column("Schedule", lambda i: i.schedule.name, lambda i: i.schedule.get_absolute_url()),
    Column("Due", lambda i: i.due_on),
    Column("Where it stands", lambda i: BUCKETS[i.bucket]),
)
HOLD_COLUMNS = (
    Column("Hold", lambda h: h.subject[:1].upper() + h.subject[1:], lambda h: h.get_absolute_url()),
    Column("Reason", lambda h: h.get_reason_display()),
    Column("Placed", lambda h: h.placed_at),
    Column("Placed by", lambda h: str(h.placed_by)),
)
CONFIRMATION_COLUMNS = (
    Column("Extract", lambda c: c.extract_label, lambda c: c.get_absolute_url()),
    Column("Dataset", lambda c: c.dataset.name),
    Column("Asset owner", lambda c: str(c.owner)),
    Column("Due", lambda c: c.due_on),
    Column("Status", lambda c: c.get_status_display()),
)

DISPOSALS_DONE = GroupedFigure(
    key="disposals-done",
    title="Records disposed of",
    description="Disposal records (tombstones) of the period, by kind of record and how it went.",
    in_period=True,
    unit="records",
    queryset=disposals,
    group_by="record_type",
    label_of=_kind_label,
    series_by="method",
    series_labels=choices(Method.choices),
    columns=DISPOSAL_COLUMNS,
    related=("authorised_by",),
    order_by=("-disposed_at", "-pk"),
)
DISPOSALS_DUE = DueFigure(
    key="disposals-due",
    title="Disposals due",
    description=f"Records the daily sweep disposes of (or opens a review of) in the next {HORIZON_DAYS} days.",
    unit="records",
    columns=DUE_COLUMNS,
)
HOLDS = CountFigure(
    key="holds-in-force",
    title="Legal holds in force",
    description="Nothing a hold covers is disposed of until it is released.",
    unit="holds",
    queryset=holds,
    columns=HOLD_COLUMNS,
    related=("project", "dataset", "placed_by"),
)
CONFIRMATIONS = CountFigure(
    key="confirmations-open",
    title="Deletions to be confirmed at the source",
    description="Extracts held elsewhere whose asset owner has yet to confirm they were deleted.",
    unit="confirmations",
    source=open_confirmations,
    columns=CONFIRMATION_COLUMNS,
    related=("dataset", "owner"),
)

PANEL = Panel(
    key="retention",
    title="Retention and disposal",
    order=40,
    figures=(HOLDS, CONFIRMATIONS, DISPOSALS_DONE, DISPOSALS_DUE),
    shown_to=sees_retention,
    own_organisation_only=True,
    own_organisation_note="Retention figures are shown for your own organisation only.",
)

OVERDUE_CONFIRMATIONS = CountFigure(
    key="overdue-disposal-confirmations",
    title="Disposal confirmations overdue",
    description="Extracts whose deletion at the source is unconfirmed more than the schedule's notice after it "
    "fell due.",
    unit="confirmations",
    source=open_confirmations,
    where=_overdue_confirmation,
    columns=CONFIRMATION_COLUMNS,
    related=("dataset", "owner"),
    shown_to=sees_retention,
    own_organisation_only=True,
)
