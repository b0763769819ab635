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
from django.utils import timezone

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

# How many candidates' keys are found at once: finding them is the costly query of a sweep (it may read much
# of a table), so it is run once for many pages; the keys alone are held (an integer each).
CANDIDATE_BATCH = 10_000


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


def _trigger_path(kind: RecordType, schedule: RetentionSchedule) -> str:
    return kind.date_source(schedule.trigger, schedule.fixed_date).path


def trigger_on_or_before(kind: RecordType, schedule: RetentionSchedule, latest: datetime.date) -> Q:
    """The schedule's trigger fell on or before the day ``latest`` (the day as it is here).

    A moment is compared with the start of the next day here, not cast to a date: the comparison can then
    use an index on the moment, and the sweep's pages do not test every record of the table."""
    path = _trigger_path(kind, schedule)
    if isinstance(kind.date_field(path), models.DateTimeField):
        next_day = datetime.datetime.combine(latest + datetime.timedelta(days=1), datetime.time.min)
        return Q(**{f"{path}__lt": timezone.make_aware(next_day)})
    return Q(**{f"{path}__lte": latest})


def candidates(schedule: RetentionSchedule, kind: RecordType, latest: datetime.date) -> models.QuerySet[models.Model]:
    """The schedule's records whose trigger fell on or before ``latest``."""
    queryset = kind.model._base_manager.filter(
        trigger_on_or_before(kind, schedule, latest), **{kind.organisation: schedule.organisation_id}
    )
    if schedule.action == Action.ANONYMISE:
        done = DisposalRecord.objects.filter(record_type=kind.key, method=Method.ANONYMISED).values("record_id")
        queryset = queryset.exclude(pk__in=done)
    return queryset


@dataclass(frozen=True)
class Page:
    records: list[DueRecord]  # those of the page due (or whose review opens) in time


def due_records(schedule: RetentionSchedule, until: datetime.date, holds: Holds) -> Iterator[Page]:
    """The schedule's records due (or whose review opens) by ``until``, a page at a time, in key order.
    Each page is read afresh, so a caller may dispose of a page's records before asking for the next."""
    for chunk in candidate_pages(schedule, until):
        yield due_page(schedule, until, holds, chunk)


def _candidates_for(schedule: RetentionSchedule, until: datetime.date) -> models.QuerySet[models.Model]:
    kind = record_type(schedule.record_type)
    slack = datetime.timedelta(days=schedule.notice_days if schedule.review_first else 0)
    # A kept record may be due later than its trigger says; a record whose trigger is more recent than
    # this cannot be due by ``until``.
    return candidates(schedule, kind, schedule.latest_trigger(until + slack))


def candidate_pages(schedule: RetentionSchedule, until: datetime.date) -> Iterator[list[int]]:
    """The keys of the schedule's candidates, in key order, a page's worth at a time. The
    keys of many pages are found in one query (finding them can mean reading much of a table); each page
    is then read afresh by ``due_page``, so a record disposed of or changed since is seen as it is."""
    queryset = _candidates_for(schedule, until)
    last = 0
    while True:
        keys = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CANDIDATE_BATCH])
        if not keys:
            return
        for start in range(0, len(keys), settings.RETENTION_SWEEP_PAGE):
            yield keys[start : start + settings.RETENTION_SWEEP_PAGE]
        if len(keys) < CANDIDATE_BATCH:
            return  # that was the last of them
        last = keys[-1]


def due_page(schedule: RetentionSchedule, until: datetime.date, holds: Holds, chunk: list[int]) -> Page:
    """The page of candidates with keys ``chunk``: those still candidates, read with their trigger, and which
    of them are due (or whose review opens) by ``until``."""
    kind = record_type(schedule.record_type)
    queryset = _candidates_for(schedule, until).filter(pk__in=chunk)
    page = list(queryset.order_by("pk").values_list("pk", _trigger_path(kind, schedule)))
    pks = [pk for pk, _ in page]
    held = holds.held_among(kind, pks)
    reviews: dict[int, RetentionReview] = {}
    if pks:
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
    return Page(found)
