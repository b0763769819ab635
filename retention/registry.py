"""The record types retention schedules can govern. Each app registers its own in its ``retention.py``
(found by ``RetentionConfig.ready``): how to find a record's organisation, project and datasets (for
holds), the dates a schedule may count from, the fields it may anonymise, a label with no personal
data for the disposal record, and whose review it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone


class Trigger(models.TextChoices):
    CREATED = "created", "Created"
    CLOSED = "closed", "Closed or decided"
    LAST_ACTIVITY = "last_activity", "Last activity"
    FIXED_DATE = "fixed_date", "A date on the record"


@dataclass(frozen=True)
class DateSource:
    label: str
    path: str  # a lookup path from the record, e.g. "decided_at" or "case__closed_at"


@dataclass(frozen=True)
class RecordType:
    key: str  # "<app_label>.<model_name>", e.g. "isa.accessrequest"
    label: str  # "Access requests"
    organisation: str  # lookup path to the organisation's id
    dates: Mapping[str, DateSource]  # Trigger value (or, for fixed dates, the date's key) → where to read it
    describe: Callable[[Any], str]  # a label with no personal data, e.g. the reference
    owner: Callable[[Any], Any]  # who reviews it (a User), or None for the organisation's DPO
    project: str | None = None  # lookup path to the project's id, for holds on a project
    dataset: str | None = None  # lookup path to a dataset's id, for holds on a dataset
    fixed_dates: Sequence[str] = ()  # keys in ``dates`` a schedule may name as a fixed date
    anonymisable: Mapping[str, str] = field(default_factory=dict)  # field name → label
    related: Sequence[str] = ()  # what ``describe`` and ``owner`` read, fetched with the record

    def load(self, pks: Sequence[int]) -> dict[int, Any]:
        """The records with these keys (those that still exist), ready to describe."""
        return self.model._base_manager.select_related(*self.related).in_bulk(list(pks))

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.key)

    def triggers(self) -> list[tuple[str, str]]:
        """The triggers this type offers, as form choices."""
        choices = [(t.value, f"{t.label}: {self.dates[t.value].label}") for t in Trigger if t.value in self.dates]
        if self.fixed_dates:
            choices.append((Trigger.FIXED_DATE.value, Trigger.FIXED_DATE.label))
        return choices

    def date_source(self, trigger: str, fixed_date: str = "") -> DateSource:
        return self.dates[fixed_date if trigger == Trigger.FIXED_DATE else trigger]

    def date_field(self, path: str) -> models.Field[Any, Any]:
        """The model field at the end of a lookup path."""
        model: Any = self.model
        *relations, name = path.split("__")
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        return model._meta.get_field(name)


EXTERNAL_DATASET = "external_dataset"
_types: dict[str, RecordType] = {}


def register(record_type: RecordType) -> RecordType:
    if record_type.key in _types and _types[record_type.key] != record_type:
        raise ValueError(f"Record type {record_type.key} is registered twice.")
    _types[record_type.key] = record_type
    return record_type


def record_types() -> list[RecordType]:
    return sorted(_types.values(), key=lambda record_type: record_type.label)


def record_type(key: str) -> RecordType:
    return _types[key]


def type_choices() -> list[tuple[str, str]]:
    return [(t.key, t.label) for t in record_types()] + [(EXTERNAL_DATASET, "Extracts of a dataset (held elsewhere)")]


def as_date(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """A trigger value as a date: a moment becomes the day it fell on here."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value
