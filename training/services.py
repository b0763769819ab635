"""Recording training: one completion by hand, or a learning system's export, all rows or none."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import User
from governance.roles import Role
from governance.services.common import save_with_history
from governance.workflow import ServiceError
from training.imports import Reading, read
from training.models import DEFAULT_REFRESHER_MONTHS, Source, TrainingPolicy, TrainingRecord, default_expiry


def records_training(actor: User) -> bool:
    """The DPO keeps the organisation's training records."""
    return actor.organisation_id is not None and actor.has_role(Role.DPO)


def _require_keeper(actor: User) -> int:
    if not records_training(actor):
        raise ServiceError("Only the Data Protection Officer records training.")
    assert actor.organisation_id is not None
    return actor.organisation_id


def refresher_months(organisation_id: int) -> int:
    policy = TrainingPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy.refresher_months if policy else DEFAULT_REFRESHER_MONTHS


def training_record(
    *,
    actor: User,
    person: User,
    course: str,
    completed_on: datetime.date,
    expires_on: datetime.date | None = None,
    evidence: str = "",
    induction: bool = False,
    source: str = Source.RECORDED,
) -> TrainingRecord:
    organisation_id = _require_keeper(actor)
    if person.organisation_id != organisation_id:
        raise ValidationError({"person": "Choose someone in your own organisation."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date must be today or in the past."})
    expires_on = expires_on or default_expiry(completed_on, refresher_months(organisation_id))
    if expires_on <= completed_on:
        raise ValidationError({"expires_on": "The expiry date must be after the completion date."})
    if TrainingRecord.objects.filter(person=person, course=course.strip(), completed_on=completed_on).exists():
        raise ValidationError({"course": "This completion is already recorded."})
    record = TrainingRecord(
        person=person,
        organisation_id=organisation_id,
        course=course.strip(),
        completed_on=completed_on,
        expires_on=expires_on,
        evidence=evidence.strip(),
        induction=induction,
        source=source,
        recorded_by=actor,
    )
    save_with_history(record, actor, "Training recorded")
    return record


@dataclass
class ImportResult:
    reading: Reading
    imported: int

    @property
    def refused(self) -> bool:
        return bool(self.reading.refused)


def training_import(*, actor: User, content: bytes) -> ImportResult:
    """Record every accepted row of a CSV export, or none of them if any row is refused (the report says
    which and why, so the file can be put right and imported again; rows already recorded are skipped)."""
    organisation_id = _require_keeper(actor)
    reading = read(content, organisation_id, timezone.localdate())
    if reading.refused:
        return ImportResult(reading, 0)
    months = refresher_months(organisation_id)
    with transaction.atomic():
        for row in reading.accepted:
            assert row.person is not None and row.completed_on is not None
            record = TrainingRecord(
                person=row.person,
                organisation_id=organisation_id,
                course=row.course,
                completed_on=row.completed_on,
                expires_on=row.expires_on or default_expiry(row.completed_on, months),
                evidence=row.evidence,
                source=Source.IMPORTED,
                recorded_by=actor,
            )
            save_with_history(record, actor, "Imported from the learning system")
    return ImportResult(reading, len(reading.accepted))
