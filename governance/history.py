"""A record's history as people read it: who changed which fields, from what, to what, and when.

Built from django-simple-history rows. Values are shown as the forms show them (choice labels,
people's names, dates), with related records looked up in one query per kind, not per row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models
from django.utils import formats, timezone

# Bookkeeping fields (the entry itself says when); they never appear on a History page.
HIDDEN_FIELDS = ("version", "updated_at", "created_at")
BLANK = "(blank)"
# Rows written this close together by one person come from one save (see ``_one_step_per_save``).
SAME_SAVE = datetime.timedelta(seconds=2)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _json_choices(model: type[models.Model]) -> dict[str, Any]:
    return getattr(model, "JSON_CHOICES", {})


class _Display:
    """Turns stored values into words, batching the look-up of related records."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], Any], str] = {}

    def _field(self, name: str) -> models.Field[Any, Any]:
        return self.model._meta.get_field(name)  # type: ignore[return-value]

    def _related_ids(self, name: str, value: Any) -> tuple[type[models.Model] | None, list[Any]]:
        model_field = self._field(name)
        target = cast("type[models.Model] | None", model_field.related_model)
        if model_field.many_to_many:
            return target, list(value or [])
        if model_field.is_relation and value is not None:
            return target, [value]
        return None, []

    def want(self, name: str, value: Any) -> None:
        target, ids = self._related_ids(name, value)
        if target is not None:
            self.wanted[target].update(i for i in ids if i is not None)

    def fetch(self) -> None:
        for target, ids in self.wanted.items():
            for obj in target._default_manager.filter(pk__in=ids):
                self.names[(target, obj.pk)] = str(obj)

    def _name(self, target: type[models.Model], pk: Any) -> str:
        return self.names.get((target, pk), f"#{pk} (no longer exists)")

    def show(self, name: str, value: Any) -> str:
        target, ids = self._related_ids(name, value)
        if target is not None:
            return ", ".join(sorted(self._name(target, pk) for pk in ids)) or BLANK
        model_field = self._field(name)
        if value is None or value == "" or value == []:
            return BLANK
        choices = _json_choices(self.model).get(name)
        if choices is not None:
            known = dict(choices.choices)
            return ", ".join(str(known.get(item, item)) for item in value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "j F Y, H:i")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "j F Y")
        return str(value)

    def label(self, name: str) -> str:
        label = str(self._field(name).verbose_name)
        return label[:1].upper() + label[1:]


def _attname(model: type[models.Model], name: str) -> str:
    return cast("models.Field[Any, Any]", model._meta.get_field(name)).attname


def _tracked_fields(model: type[models.Model], record: Any) -> list[str]:
    names = [f.name for f in model._meta.fields if hasattr(record, f.attname)]
    return [name for name in names if name not in HIDDEN_FIELDS and name != "id"]


def _m2m_values(model: type[models.Model], records: list[Any]) -> dict[str, dict[int, list[Any]]]:
    """For each tracked many-to-many field, the related ids at each history row: one query a field."""
    values: dict[str, dict[int, list[Any]]] = {}
    if not records:
        return values
    for model_field in model._meta.many_to_many:
        if not hasattr(records[0], model_field.name):
            continue
        through = getattr(records[0], model_field.name).model
        target = model_field.m2m_reverse_field_name()
        by_record: dict[int, list[Any]] = {record.history_id: [] for record in records}
        rows = through.objects.filter(history__in=list(by_record)).values_list("history_id", target)
        for history_id, target_id in rows.order_by(target):
            by_record[history_id].append(target_id)
        values[model_field.name] = by_record
    return values


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """The record's history, newest first."""
    model = type(obj)
    records = list(
        obj.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    )
    m2m = _m2m_values(model, records)
    display = _Display(model)
    steps: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    previous = None
    for record in records:
        pairs: list[tuple[str, Any, Any]]
        if previous is None:
            pairs = [(name, None, getattr(record, _attname(model, name))) for name in _tracked_fields(model, record)]
            pairs += [(name, [], by_record[record.history_id]) for name, by_record in m2m.items()]
            pairs = [(name, old, new) for name, old, new in pairs if new not in (None, "", [])]
        else:
            delta = record.diff_against(previous, excluded_fields=[*HIDDEN_FIELDS, *m2m])
            pairs = [(change.field, change.old, change.new) for change in delta.changes]
            pairs += [
                (name, by_record[previous.history_id], by_record[record.history_id])
                for name, by_record in m2m.items()
                if by_record[previous.history_id] != by_record[record.history_id]
            ]
        for name, old, new in pairs:
            display.want(name, old)
            display.want(name, new)
        steps.append((record, pairs))
        previous = record
    display.fetch()

    kinds = {"+": "Created", "~": "Changed", "-": "Deleted"}
    entries = [
        HistoryEntry(
            when=record.history_date,
            who=str(record.history_user) if record.history_user else "Unknown (changed outside the app)",
            kind=kinds.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=[
                FieldChange(display.label(name), display.show(name, old), display.show(name, new))
                for name, old, new in pairs
            ],
        )
        for record, pairs in _one_step_per_save(steps)
    ]
    entries.reverse()
    return entries


def _one_step_per_save(
    steps: list[tuple[Any, list[tuple[str, Any, Any]]]],
) -> list[tuple[Any, list[tuple[str, Any, Any]]]]:
    """Join the rows one save leaves behind: saving a record and then its many-to-many fields writes
    two history rows, which a reader should see as the one change the person made."""
    joined: list[tuple[Any, list[tuple[str, Any, Any]]]] = []
    for record, pairs in steps:
        if joined:
            first, first_pairs = joined[-1]
            same_save = (
                record.history_type == "~"
                and record.history_user_id == first.history_user_id
                and record.history_date - first.history_date <= SAME_SAVE
                and record.history_change_reason in ("", None, first.history_change_reason)
                and {name for name, _, _ in pairs}.isdisjoint(name for name, _, _ in first_pairs)
            )
            if same_save:
                joined[-1] = (first, first_pairs + pairs)
                continue
        joined.append((record, pairs))
    return joined


@dataclass
class StateField:
    label: str
    value: str


def snapshot(model: type[models.Model], row: Any) -> list[StateField]:
    """A record's fields in words, from the record itself or from one of its history rows (the state
    it was in at that moment)."""
    names = _tracked_fields(model, row)
    display = _Display(model)
    values = [(name, getattr(row, _attname(model, name))) for name in names]
    for name, value in values:
        display.want(name, value)
    display.fetch()
    return [StateField(display.label(name), display.show(name, value)) for name, value in values]
