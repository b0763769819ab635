"""Where each person stands with their training on a given day: in date, refresher due soon, lapsed,
induction due (a new starter within their days) or induction overdue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery

from governance.models import Organisation, User
from training.models import DEFAULT_INDUCTION_DAYS, REMINDER_DAYS, TrainingPolicy, TrainingRecord


class Standing(models.TextChoices):
    IN_DATE = "in_date", "In date"
    DUE_SOON = "due_soon", "Refresher due soon"
    LAPSED = "lapsed", "Lapsed"
    INDUCTION_DUE = "induction_due", "Induction due"
    INDUCTION_OVERDUE = "induction_overdue", "Induction overdue"


@dataclass(frozen=True)
class Status:
    standing: Standing
    due_on: datetime.date | None  # when it lapses (or lapsed), or when induction is due

    @property
    def in_date(self) -> bool:
        return self.standing in (Standing.IN_DATE, Standing.DUE_SOON)

    @property
    def label(self) -> str:
        return str(self.standing.label)


def induction_days(organisation_id: int | None) -> int:
    if organisation_id is None:
        return DEFAULT_INDUCTION_DAYS
    policy = TrainingPolicy.objects.filter(organisation_id=organisation_id).first()
    return policy.induction_days if policy else DEFAULT_INDUCTION_DAYS


def status_from(expires_on: datetime.date | None, joined: datetime.date, day: datetime.date, days: int) -> Status:
    """The standing of someone whose latest completion counts until ``expires_on`` (None: never trained)."""
    if expires_on is None:
        due = joined + datetime.timedelta(days=days)
        return Status(Standing.INDUCTION_DUE if day <= due else Standing.INDUCTION_OVERDUE, due)
    if expires_on <= day:
        return Status(Standing.LAPSED, expires_on)
    if expires_on <= day + datetime.timedelta(days=REMINDER_DAYS):
        return Status(Standing.DUE_SOON, expires_on)
    return Status(Standing.IN_DATE, expires_on)


def latest_expiry(person: User, on: datetime.date | None = None) -> datetime.date | None:
    records = TrainingRecord.objects.filter(person=person)
    if on is not None:
        records = records.filter(completed_on__lte=on)
    return records.aggregate(latest=Max("expires_on"))["latest"]


def status_of(person: User, day: datetime.date) -> Status:
    joined = person.date_joined.date()
    return status_from(latest_expiry(person, day), joined, day, induction_days(person.organisation_id))


def staff_with_expiry(organisation: Organisation | int) -> QuerySet[User]:
    """The organisation's people (not system actors or API service accounts), each with ``latest_expiry``:
    one query."""
    latest = TrainingRecord.objects.filter(person=OuterRef("pk")).order_by("-expires_on").values("expires_on")[:1]
    return (
        User.objects.filter(organisation=organisation, is_active=True, is_system_actor=False)
        .filter(service_account__isnull=True)  # systems calling the API are not staff who train
        .annotate(latest_expiry=Subquery(latest))
        .order_by("last_name", "first_name", "pk")
    )


def lapsed_filter(day: datetime.date, prefix: str = "") -> Q:
    """People whose training is not in date on ``day`` (lapsed, or never done), as a filter on users."""
    in_date = TrainingRecord.objects.filter(person=OuterRef(f"{prefix}pk"), completed_on__lte=day, expires_on__gt=day)
    return ~Q(Exists(in_date))
