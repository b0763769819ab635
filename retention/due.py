"""Which records a schedule makes due, when, and whether a hold or a review stands in the way.

Records are read in pages of primary keys (keyset pagination), so memory stays the same however many
records a schedule covers, and a page can be re-read after a crash.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q

from retention.models import (
    Action,
    DisposalRecord,
    LegalHold,
    Method,
    RetentionReview,
    RetentionSchedule,
    ReviewStatus,
)
from retention.registry import RecordType, as_date, record_type


@dataclass(frozen=True)
class Holds:
    """The holds in force, read once: few enough to hold in memory however many records there are."""

    records: frozenset[tuple[str, int]]
    projects: frozenset[int]
    datasets: frozenset[int]

    @classmethod
    def in_force(cls) -> Holds:
        holds = list(LegalHold.objects.in_force().values_list("record_type", "record_id", "project_id", "dataset_id"))
        return cls(
            records=frozenset((t, r) for t, r, _, _ in holds if r is not None),
            projects=frozenset(p for _, _, p, _ in holds if p is not None),
            datasets=frozenset(d for _, _, _, d in holds if d is not None),
        )

    def condition(self, kind: RecordType) -> Q | None:
        """A filter matching the records of ``kind`` these holds cover, or None if they cover none."""
        parts = []
        ids = [record_id for key, record_id in self.records if key == kind.key]
        if ids:
            parts.append(Q(pk__in=ids))
        if kind.project and self.projects:
            parts.append(Q(**{f"{kind.project}__in": self.projects}))
        if kind.dataset and self.datasets:
            parts.append(Q(**{f"{kind.dataset}__in": self.datasets}))
        if not parts:
            return None
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return condition

    def held_among(self, kind: RecordType, pks: list[int]) -> set[int]:
        condition = self.condition(kind)
        if condition is None or not pks:
            return set()
        return set(kind.model._base_manager.filter(condition, pk__in=pks).values_list("pk", flat=True).distinct())


@dataclass(frozen=True)
class DueRecord:
    schedule: RetentionSchedule
    kind: RecordType
    pk: int
    trigger_on: datetime.date
    due_on: datetime.date  # the schedule's date, or the date a review kept it until
    held: bool
    review: RetentionReview | None  # the latest review of it, if any

    @property
    def opens_on(self) -> datetime.date:
        """When something first happens to it: a review opens ahead of the due date by the notice."""
        if self.schedule.action == Action.REVIEW:
            return self.due_on
        if self.schedule.review_first:
            return self.due_on - datetime.timedelta(days=self.schedule.notice_days)
        return self.due_on


def _trigger_lookup(kind: RecordType, schedule: RetentionSchedule) -> tuple[str, str]:
    source = kind.date_source(schedule.trigger, schedule.fixed_date)
    field = kind.date_field(source.path)
    suffix = "__date__lte" if isinstance(field, models.DateTimeField) else "__lte"
    return source.path, source.path + suffix


def candidates(schedule: RetentionSchedule, kind: RecordType, latest: datetime.date) -> models.QuerySet[models.Model]:
    """The schedule's records whose trigger fell on or before ``latest``."""
    path, lookup = _trigger_lookup(kind, schedule)
    queryset = kind.model._base_manager.filter(**{kind.organisation: schedule.organisation_id, lookup: latest})
    if schedule.action == Action.ANONYMISE:
        done = DisposalRecord.objects.filter(record_type=kind.key, method=Method.ANONYMISED).values("record_id")
        queryset = queryset.exclude(pk__in=done)
    return queryset


@dataclass(frozen=True)
class Page:
    last_key: int  # where the next page starts
    records: list[DueRecord]  # those of the page due (or whose review opens) in time


def due_records(schedule: RetentionSchedule, until: datetime.date, holds: Holds, *, after: int = 0) -> Iterator[Page]:
    """The schedule's records due (or whose review opens) by ``until``, a page at a time, in key order.
    Each page is read afresh, so a caller may dispose of a page's records before asking for the next."""
    kind = record_type(schedule.record_type)
    path, _ = _trigger_lookup(kind, schedule)
    slack = datetime.timedelta(days=schedule.notice_days if schedule.review_first else 0)
    # A kept record may be due later than its trigger says; a record whose trigger is more recent than
    # this cannot be due by ``until``.
    queryset = candidates(schedule, kind, schedule.latest_trigger(until + slack))
    last = after
    while True:
        page = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", path)[: settings.RETENTION_SWEEP_PAGE]
        )
        if not page:
            return
        last = page[-1][0]
        pks = [pk for pk, _ in page]
        held = holds.held_among(kind, pks)
        reviews: dict[int, RetentionReview] = {}
        for review in RetentionReview.objects.filter(record_type=kind.key, record_id__in=pks).order_by(
            "opened_at", "pk"
        ):
            reviews[review.record_id] = review  # the latest wins
        found = []
        seen: set[int] = set()
        for pk, value in page:
            trigger_on = as_date(value)
            if trigger_on is None or pk in seen:
                continue
            seen.add(pk)
            due_on = schedule.due_on(trigger_on)
            latest = reviews.get(pk)
            if latest is not None and latest.status == ReviewStatus.KEPT and latest.keep_until:
                due_on = max(due_on, latest.keep_until)
            record = DueRecord(schedule, kind, pk, trigger_on, due_on, pk in held, latest)
            if record.opens_on <= until:
                found.append(record)
        yield Page(last, found)
