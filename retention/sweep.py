"""The retention sweep: every record past its disposal date and not on hold is disposed of as its
schedule says (deleted, anonymised, or put to its owner for review), each leaving a tombstone; and
extracts of datasets held elsewhere are put to their asset owners to confirm deletion at the source.

One sweep runs at a time (a PostgreSQL advisory lock). It works a page of records at a time, each
page in its own transaction, re-reading what it needs; so it can be killed at any moment and run
again to reach the same end state, with no orphan rows or files, and its memory does not grow with
the number of records due.
"""

from __future__ import annotations

import datetime
import gc
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.events import record_event, record_events
from audit.registry import audited
from governance.actors import system_actor
from governance.bulk import insert
from governance.models import User
from retention.disposal import (
    DisposalBlocked,
    anonymise_record,
    delete_record,
    delete_records,
    remove_pending_files,
)
from retention.due import DueRecord, Holds, candidate_pages, due_page
from retention.extracts import due_extracts
from retention.models import (
    Action,
    BlockedDisposal,
    DisposalConfirmation,
    DisposalRecord,
    Method,
    RetentionReview,
    RetentionSchedule,
    ReviewStatus,
    SweepRun,
)
from retention.owners import owner_of
from retention.registry import EXTERNAL_DATASET, record_type

SWEEP_LOCK = 0x52_45_54_31  # "RET1": one sweep at a time
HOLDS_LOCK = 0x52_45_54_32  # "RET2": a hold is never placed half-way through a page's disposals


class SweepRunning(Exception):
    """Another sweep holds the lock."""


@dataclass
class Planned:
    """What the sweep does (or, in a dry run, would do) to one record."""

    schedule: RetentionSchedule
    record_type: str
    record_id: int
    label: str
    due_on: datetime.date
    step: str  # "deleted", "anonymised", "review opened", "confirmation opened", "blocked"
    note: str = ""


@dataclass
class SweepReport:
    counts: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False

    def line(self) -> str:
        order = ("deleted", "anonymised", "review opened", "confirmation opened", "held", "waiting", "blocked")
        return ", ".join(f"{self.counts[key]} {key}" for key in order)


@contextmanager
def sweep_lock() -> Iterator[None]:
    """On PostgreSQL, a session advisory lock: a second sweep is refused while one runs, and a sweep
    killed outright releases it with its connection. (SQLite, for development, writes one at a time.)"""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SWEEP_LOCK])
        if not cursor.fetchone()[0]:
            raise SweepRunning("A retention sweep is already running.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])


@contextmanager
def _long_lived_objects_frozen() -> Iterator[None]:
    """Leave the objects alive when the sweep starts (the app's modules, models, URL patterns and so on) out
    of garbage collection while it runs: collecting after each page then costs a little, not a walk over
    the whole process (270 ms a page in a worker that had loaded everything)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def holds_barrier() -> None:
    """Inside a transaction: wait for any page of disposals (or hold being placed) to finish first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [HOLDS_LOCK])


def sweep(
    *,
    today: datetime.date | None = None,
    dry_run: bool = False,
    actor: User | None = None,
    on_step: Callable[[Planned], None] | None = None,
) -> SweepReport:
    """Dispose of everything due by ``today``. With ``dry_run``, change nothing and report what would
    happen (``on_step`` is called for each record, so the caller can list them without the sweep
    holding them all)."""
    today = today or timezone.localdate()
    report = SweepReport(dry_run=dry_run)
    with sweep_lock(), _long_lived_objects_frozen():
        actor = actor or system_actor("retention sweep")
        run = None if dry_run else SweepRun.objects.create(actor=actor)
        if not dry_run:
            remove_pending_files()
        schedules = RetentionSchedule.objects.filter(active=True).select_related("organisation").order_by("pk")
        for schedule in schedules:
            if schedule.record_type == EXTERNAL_DATASET:
                _open_confirmations(schedule, today, dry_run, report, on_step)
            else:
                _sweep_schedule(schedule, today, dry_run, actor, report, on_step)
        if run is not None:
            run.finished_at = timezone.now()
            run.counts = dict(report.counts)
            run.save(update_fields=["finished_at", "counts"])
    return report


def _pause() -> None:
    # Lets a busy database breathe between pages (RETENTION_SWEEP_PAUSE seconds; none by default).
    if settings.RETENTION_SWEEP_PAUSE:
        time.sleep(settings.RETENTION_SWEEP_PAUSE)


def _sweep_schedule(
    schedule: RetentionSchedule,
    today: datetime.date,
    dry_run: bool,
    actor: User,
    report: SweepReport,
    on_step: Callable[[Planned], None] | None,
) -> None:
    for chunk in candidate_pages(schedule, today):
        with transaction.atomic():
            if not dry_run:
                holds_barrier()
            # Holds are read inside the page's transaction, after the barrier: none placed since is missed.
            page = due_page(schedule, today, Holds.in_force(), chunk)
            steps = [(record, _decide(record, today)) for record in page.records]
            kind = record_type(schedule.record_type)
            # The page's records to act on, read in one query.
            objects = kind.load([record.pk for record, step in steps if step not in (None, "held", "waiting")])
            # The page's deletions go together, in a statement per table, unless one of them is blocked.
            deletions = [(r, objects[r.pk]) for r, step in steps if step == Action.DELETE and r.pk in objects]
            together = None if dry_run else _delete_together(deletions, actor)
            for record, step in steps:
                if step is None:
                    continue
                if step in ("held", "waiting"):
                    report.counts[step] += 1
                    continue
                obj = objects.get(record.pk)
                if obj is None:
                    continue  # gone since the page was read (e.g. with another record it belonged to)
                if together is not None and record.pk in together:
                    planned = together[record.pk]
                else:
                    planned = _carry_out(record, obj, step, dry_run, actor)
                report.counts[planned.step] += 1
                if on_step is not None:
                    on_step(planned)
        if not dry_run:
            remove_pending_files()
            _pause()
        # A page's records and the deletion collectors hold reference cycles; freeing them each page keeps
        # memory flat however many records there are (rather than rising until the collector runs). With
        # what was alive before the sweep frozen, this looks only at what the sweep made since.
        gc.collect()


def _decide(record: DueRecord, today: datetime.date) -> str | None:
    """What today brings for one record: nothing yet, held, waiting on its review, a review to open,
    or its disposal (by the schedule's action, or deletion after a review said so)."""
    if record.opens_on > today:
        return None
    if record.held:
        return "held"
    schedule, review = record.schedule, record.review
    if schedule.action == Action.REVIEW or schedule.review_first:
        if review is None or (review.status == ReviewStatus.KEPT and review.keep_until and review.keep_until <= today):
            return "review"
        if review.status == ReviewStatus.OPEN:
            return "waiting"
        if review.status == ReviewStatus.KEPT:
            return None
        if record.due_on > today:
            return None  # the owner agreed to dispose; it happens on the due date
        return Action.DELETE if schedule.action == Action.REVIEW else schedule.action
    return schedule.action if record.due_on <= today else None


def _carry_out(record: DueRecord, obj: Any, step: str, dry_run: bool, actor: User) -> Planned:
    kind, schedule = record.kind, record.schedule
    label = kind.describe(obj)[:200]
    planned = Planned(schedule, kind.key, record.pk, label, record.due_on, "")
    if step == "review":
        planned.step = "review opened"
        if not dry_run:
            RetentionReview.objects.create(
                organisation_id=schedule.organisation_id,
                record_type=kind.key,
                record_id=record.pk,
                label=label,
                schedule=schedule,
                due_on=record.due_on,
                owner=owner_of(kind, obj, schedule.organisation_id),
            )
        return planned
    planned.step = "deleted" if step == Action.DELETE else "anonymised"
    if dry_run:
        return planned
    project_id = audited(obj).project_of(obj)
    try:
        with transaction.atomic():
            if step == Action.DELETE:
                disposed = delete_record(obj)
                method = Method.DELETED
            else:
                disposed = anonymise_record(obj, schedule.anonymise_fields)
                method = Method.ANONYMISED
            authority = _authority(record)
            tombstone = DisposalRecord.objects.create(
                organisation_id=schedule.organisation_id,
                record_type=kind.key,
                record_id=record.pk,
                label=label,
                schedule=schedule,
                schedule_summary=summary(schedule),
                trigger_on=record.trigger_on,
                due_on=record.due_on,
                method=method,
                authorised_by=actor,
                authority=authority,
                sha256=disposed.sha256,
                detail=disposed.detail,
            )
            record_event(
                f"retention.{method}",
                actor=actor,
                record_type=kind.key,
                record_id=str(record.pk),
                organisation_id=schedule.organisation_id,
                project_id=project_id,
                details={"disposal_record": tombstone.pk, "schedule": schedule.pk},
            )
            BlockedDisposal.objects.filter(record_type=kind.key, record_id=record.pk).delete()
    except (DisposalBlocked, DatabaseError) as blocked:
        # One record that cannot go must not stop the rest: it is listed with the reason, tried again
        # at the next sweep, and shown to the DPO.
        reason = str(blocked) if isinstance(blocked, DisposalBlocked) else f"The database refused: {blocked}"
        planned.step, planned.note = "blocked", reason
        BlockedDisposal.objects.update_or_create(
            record_type=kind.key,
            record_id=record.pk,
            defaults={"organisation_id": schedule.organisation_id, "label": label, "reason": reason,
                      "due_on": record.due_on, "seen_at": timezone.now()},
        )  # fmt: skip
    return planned


def _authority(record: DueRecord) -> str:
    schedule = record.schedule
    authority = f"Schedule “{schedule.name}” ({schedule.authority})"
    if record.review is not None and record.review.status == ReviewStatus.DISPOSE:
        authority += f"; review decided by {record.review.decided_by} on {record.review.decided_at:%d %B %Y}"
    return authority


def _delete_together(items: list[tuple[DueRecord, Any]], actor: User) -> dict[int, Planned] | None:
    """Delete a page's due records at once, each with its tombstone and audit event, as ``_carry_out`` does
    one by one; None (nothing done) if any of them cannot go, so that each is then tried alone and only the
    blocked ones are listed as blocked."""
    if not items:
        return {}
    kind, schedule = items[0][0].kind, items[0][0].schedule
    labels = {record.pk: kind.describe(obj)[:200] for record, obj in items}
    projects = {record.pk: audited(obj).project_of(obj) for record, obj in items}
    try:
        with transaction.atomic():
            disposed = delete_records([obj for _, obj in items])
            tombstones = insert(
                [
                    DisposalRecord(
                        organisation_id=schedule.organisation_id,
                        record_type=kind.key,
                        record_id=record.pk,
                        label=labels[record.pk],
                        schedule=schedule,
                        schedule_summary=summary(schedule),
                        trigger_on=record.trigger_on,
                        due_on=record.due_on,
                        method=Method.DELETED,
                        authorised_by=actor,
                        authority=_authority(record),
                        sha256=disposed[record.pk].sha256,
                        detail=disposed[record.pk].detail,
                    )
                    for record, _ in items
                ]
            )
            record_events(
                f"retention.{Method.DELETED}",
                actor=actor,
                events=[
                    {
                        "record_type": kind.key,
                        "record_id": str(record.pk),
                        "organisation_id": schedule.organisation_id,
                        "project_id": projects[record.pk],
                        "details": {"disposal_record": tombstone.pk, "schedule": schedule.pk},
                    }
                    for (record, _), tombstone in zip(items, tombstones, strict=True)
                ],
            )
            BlockedDisposal.objects.filter(record_type=kind.key, record_id__in=list(labels)).delete()
    except (DisposalBlocked, DatabaseError):
        return None
    return {
        record.pk: Planned(schedule, kind.key, record.pk, labels[record.pk], record.due_on, "deleted")
        for record, _ in items
    }


def summary(schedule: RetentionSchedule) -> str:
    """The schedule in words, as it stood when it was applied."""
    action = schedule.get_action_display().lower()
    trigger = schedule.get_trigger_display().lower()
    text = f"{schedule.name}: {action} {schedule.period_label} after {trigger}"
    if schedule.fixed_date:
        text += f" ({schedule.fixed_date})"
    return f"{text}. Authority: {schedule.authority}."


def _open_confirmations(
    schedule: RetentionSchedule,
    today: datetime.date,
    dry_run: bool,
    report: SweepReport,
    on_step: Callable[[Planned], None] | None,
) -> None:
    """Extracts of the schedule's datasets whose time has come: their asset owners confirm deletion."""
    holds = Holds.in_force()
    for extract in due_extracts(schedule, today):
        if extract.dataset_id in holds.datasets or (extract.project_id and extract.project_id in holds.projects):
            report.counts["held"] += 1
            continue
        if DisposalConfirmation.objects.filter(dataset_id=extract.dataset_id, extract_key=extract.key).exists():
            continue
        planned = Planned(schedule, EXTERNAL_DATASET, extract.dataset_id, extract.label, extract.due_on,
                          "confirmation opened")  # fmt: skip
        report.counts[planned.step] += 1
        if not dry_run:
            with transaction.atomic():
                DisposalConfirmation.objects.get_or_create(
                    dataset_id=extract.dataset_id,
                    extract_key=extract.key,
                    defaults={"organisation_id": schedule.organisation_id, "extract_label": extract.label,
                              "schedule": schedule, "trigger_on": extract.trigger_on, "due_on": extract.due_on,
                              "owner": extract.owner},
                )  # fmt: skip
        if on_step is not None:
            on_step(planned)
