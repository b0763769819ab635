"""State changes of retention: schedules, the schedule a dataset's extracts follow, legal holds,
reviews and confirmations of deletion at the source."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import Dataset, Project, User
from governance.services.common import locked_for_update, save_with_history
from governance.workflow import IllegalTransition, ServiceError
from retention.disposal import snapshot_sha256
from retention.models import (
    Action,
    ConfirmationStatus,
    DatasetRetention,
    DisposalConfirmation,
    DisposalRecord,
    HoldScope,
    LegalHold,
    Method,
    RetentionReview,
    RetentionSchedule,
    ReviewStatus,
)
from retention.owners import owner_of
from retention.registry import EXTERNAL_DATASET, Trigger, record_type, type_choices
from retention.sweep import holds_barrier, summary

SCHEDULE_FIELDS = (
    "name",
    "period_value",
    "period_unit",
    "trigger",
    "fixed_date",
    "action",
    "anonymise_fields",
    "authority",
    "rationale",
    "review_first",
    "notice_days",
)


def check_schedule(record_type_key: str, fields: dict[str, Any]) -> None:
    """A schedule's terms must make sense for its record type."""
    if record_type_key not in dict(type_choices()):
        raise ValidationError({"record_type": "Choose a kind of record"})
    errors: dict[str, str] = {}
    action, trigger = fields.get("action"), fields.get("trigger")
    if record_type_key == EXTERNAL_DATASET:
        if action != Action.CONFIRM:
            errors["action"] = "Extracts held elsewhere are confirmed deleted at the source by their asset owner"
        if trigger != Trigger.CLOSED:
            errors["trigger"] = "Extracts are counted from when the access they were made under ended"
    else:
        kind = record_type(record_type_key)
        if trigger not in dict(kind.triggers()):
            errors["trigger"] = f"{kind.label} cannot be counted from that"
        elif trigger == Trigger.FIXED_DATE and fields.get("fixed_date") not in kind.fixed_dates:
            errors["fixed_date"] = "Choose which date"
        if action == Action.CONFIRM:
            errors["action"] = "Only extracts held elsewhere are confirmed at the source"
        if action == Action.ANONYMISE:
            chosen = list(fields.get("anonymise_fields") or [])
            if not chosen:
                errors["anonymise_fields"] = "Choose the fields to anonymise"
            elif set(chosen) - set(kind.anonymisable):
                errors["anonymise_fields"] = "Choose fields this kind of record has"
    if errors:
        raise ValidationError(errors)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    fields = {name: fields[name] for name in SCHEDULE_FIELDS if name in fields}
    if fields.get("trigger") != Trigger.FIXED_DATE:
        fields["fixed_date"] = ""
    if fields.get("action") != Action.ANONYMISE:
        fields["anonymise_fields"] = []
    return fields


def schedule_create(*, actor: User, record_type: str, **fields: Any) -> RetentionSchedule:
    if actor.organisation_id is None:
        raise ServiceError("Your account is not linked to an organisation.")
    check_schedule(record_type, fields)
    with transaction.atomic():
        if RetentionSchedule.objects.filter(
            organisation_id=actor.organisation_id, record_type=record_type, active=True
        ).exists():
            raise ValidationError(
                {"record_type": "A schedule already governs this kind of record: change it, or retire it first"}
            )
        schedule = RetentionSchedule(
            organisation_id=actor.organisation_id, record_type=record_type, created_by=actor, **_clean(fields)
        )
        save_with_history(schedule, actor, "Schedule made")
    return schedule


def schedule_update(
    *, schedule: RetentionSchedule, actor: User, expected_version: int, reason: str = "", **fields: Any
) -> RetentionSchedule:
    """Change a schedule's terms. Records already disposed of keep the terms in their tombstones."""
    check_schedule(schedule.record_type, fields)
    with transaction.atomic():
        locked = locked_for_update(RetentionSchedule, schedule.pk, expected_version)
        for name, value in _clean(fields).items():
            setattr(locked, name, value)
        locked.version += 1
        save_with_history(locked, actor, reason or "Schedule changed")
    return locked


def schedule_retire(*, schedule: RetentionSchedule, actor: User, expected_version: int) -> RetentionSchedule:
    with transaction.atomic():
        locked = locked_for_update(RetentionSchedule, schedule.pk, expected_version)
        if not locked.active:
            raise IllegalTransition("This schedule is already retired.")
        if locked.datasets.exists():
            raise ValidationError("Datasets still follow this schedule: give them another first.")
        locked.active = False
        locked.version += 1
        save_with_history(locked, actor, "Retired")
    return locked


def dataset_set_schedule(*, dataset: Dataset, actor: User, schedule: RetentionSchedule | None) -> Dataset:
    """Name the schedule a dataset's extracts and archives follow (or none)."""
    current = DatasetRetention.objects.filter(dataset=dataset).first()
    if schedule is None:
        if current is not None:
            current._history_user = actor  # type: ignore[attr-defined]
            current.delete()
        return dataset
    if schedule.record_type != EXTERNAL_DATASET or schedule.organisation_id != dataset.organisation_id:
        raise ValidationError({"schedule": "Choose one of the organisation's schedules for dataset extracts"})
    if not schedule.active:
        raise ValidationError({"schedule": "That schedule is retired"})
    link = current or DatasetRetention(dataset=dataset)
    link.schedule = schedule
    save_with_history(link, actor, f"Follows “{schedule.name}”")
    return dataset


# Legal holds -----------------------------------------------------------------------------------


def hold_place(
    *,
    actor: User,
    scope: str,
    reason: str,
    details: str,
    record_type_key: str = "",
    record_id: int | None = None,
    project: Project | None = None,
    dataset: Dataset | None = None,
) -> LegalHold:
    """Stop disposal of a record, of every record of a project's chain, or of everything that uses a
    dataset, until the hold is released."""
    if actor.organisation_id is None:
        raise ServiceError("Your account is not linked to an organisation.")
    if not details.strip():
        raise ValidationError({"details": "Say what the hold is for"})
    hold = LegalHold(organisation_id=actor.organisation_id, scope=scope, reason=reason, details=details.strip(),
                     placed_by=actor)  # fmt: skip
    if scope == HoldScope.RECORD:
        kind = record_type(record_type_key)
        obj = kind.load([record_id or 0]).get(record_id or 0)
        if obj is None:
            raise ValidationError("That record no longer exists.")
        hold.record_type, hold.record_id, hold.record_label = kind.key, record_id, kind.describe(obj)[:200]
    elif scope == HoldScope.PROJECT and project is not None:
        hold.project = project
    elif scope == HoldScope.DATASET and dataset is not None:
        hold.dataset = dataset
    else:
        raise ValidationError({"scope": "Choose what the hold is on"})
    with transaction.atomic():
        holds_barrier()  # waits for a page of disposals in progress, so none of it slips past the hold
        save_with_history(hold, actor, "Placed")
    return hold


def hold_release(*, hold: LegalHold, actor: User, reason: str) -> LegalHold:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the hold is released"})
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise IllegalTransition("This hold is already released.")
        locked.released_at, locked.released_by, locked.release_reason = timezone.now(), actor, reason.strip()
        save_with_history(locked, actor, "Released")
    return locked


# Reviews ---------------------------------------------------------------------------------------


def review_start(*, actor: User, schedule: RetentionSchedule, record_id: int, due_on: datetime.date) -> RetentionReview:
    """Open a review of a record ahead of its disposal (from the "due" page)."""
    kind = record_type(schedule.record_type)
    obj = kind.load([record_id]).get(record_id)
    if obj is None:
        raise ValidationError("That record no longer exists.")
    with transaction.atomic():
        if RetentionReview.objects.filter(record_type=kind.key, record_id=record_id, status=ReviewStatus.OPEN).exists():
            raise ValidationError("A review of this record is already open.")
        review = RetentionReview(
            organisation_id=schedule.organisation_id, record_type=kind.key, record_id=record_id,
            label=kind.describe(obj)[:200], schedule=schedule, due_on=due_on,
            owner=owner_of(kind, obj, schedule.organisation_id),
        )  # fmt: skip
        save_with_history(review, actor, f"Review started by {actor}")
    return review


def review_decide(
    *,
    review: RetentionReview,
    actor: User,
    decision: str,
    reason: str,
    expected_version: int,
    keep_until: datetime.date | None = None,
) -> RetentionReview:
    """Keep the record until a new date, or let it be disposed of (on its due date, by the sweep)."""
    errors = {}
    if not reason.strip():
        errors["reason"] = "Give the reason for the decision"
    if decision == ReviewStatus.KEPT and (keep_until is None or keep_until <= timezone.localdate()):
        errors["keep_until"] = "Give a date in the future to keep it until"
    if decision not in (ReviewStatus.KEPT, ReviewStatus.DISPOSE):
        errors["decision"] = "Choose to keep it or dispose of it"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(RetentionReview, review.pk, expected_version)
        if locked.status != ReviewStatus.OPEN:
            raise IllegalTransition("This review has been decided.")
        locked.status, locked.reason = decision, reason.strip()
        locked.keep_until = keep_until if decision == ReviewStatus.KEPT else None
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.version += 1
        save_with_history(locked, actor, "Kept" if decision == ReviewStatus.KEPT else "To be disposed of")
    return locked


# Confirmations of deletion at the source -------------------------------------------------------


def confirmation_confirm(
    *,
    confirmation: DisposalConfirmation,
    actor: User,
    method: str,
    deleted_on: datetime.date,
    note: str = "",
    expected_version: int,
) -> DisposalConfirmation:
    """The asset owner confirms the extract was deleted where it was held; a tombstone records it."""
    errors = {}
    if not method.strip():
        errors["method"] = "Say how it was deleted"
    if deleted_on > timezone.localdate():
        errors["deleted_on"] = "The date it was deleted must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(DisposalConfirmation, confirmation.pk, expected_version)
        if locked.status != ConfirmationStatus.OPEN:
            raise IllegalTransition("This deletion has already been confirmed.")
        locked.status, locked.confirmed_by, locked.confirmed_at = ConfirmationStatus.CONFIRMED, actor, timezone.now()
        locked.method, locked.deleted_on, locked.note = method.strip(), deleted_on, note.strip()
        locked.version += 1
        save_with_history(locked, actor, "Deletion confirmed")
        DisposalRecord.objects.create(
            organisation_id=locked.organisation_id,
            record_type=EXTERNAL_DATASET,
            record_id=locked.pk,
            label=locked.extract_label[:200],
            schedule=locked.schedule,
            schedule_summary=summary(locked.schedule),
            trigger_on=locked.trigger_on,
            due_on=locked.due_on,
            disposed_at=timezone.make_aware(datetime.datetime.combine(deleted_on, datetime.time(12))),
            method=Method.CONFIRMED,
            authorised_by=actor,
            authority=f"Deletion at the source confirmed by {actor}: {locked.method}",
            sha256=snapshot_sha256([locked]),
            detail={"dataset": locked.dataset_id, "extract": locked.extract_key},
        )
    return locked
