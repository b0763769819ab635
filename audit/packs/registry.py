"""The kinds of record an audit pack covers. Each app registers its own in its ``audit.py`` with one
call: where the record's project is (a query lookup, for a project's chain), where its organisation
is, and which changes are decisions (whose moment the pack shows the record's state at).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class PackType:
    key: str  # "app_label.model_name"
    title: str  # "DPIA screenings"
    project: str | None  # query lookup from the record to its project's id, for a project's chain
    organisation: str  # query lookup to its organisation's id
    # field → the values that make a change to it a decision (None: any non-blank value)
    decisions: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    order: int = 100

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.key)

    def decision_in(self, before: Any, after: Any) -> str | None:
        """The field whose change from ``before`` to ``after`` (history rows) is a decision, if any.
        Creating a record decides nothing."""
        if before is None:
            return None
        for name, values in self.decisions.items():
            old, new = getattr(before, name, None), getattr(after, name)
            if new == old or new in (None, ""):
                continue
            if values is None or new in values:
                return name
        return None


_types: dict[str, PackType] = {}


def register_pack(
    key: str,
    title: str,
    *,
    project: str | None = "project_id",
    organisation: str = "organisation_id",
    decisions: Mapping[str, frozenset[str] | set[str] | None] | None = None,
    order: int = 100,
) -> None:
    frozen = {name: frozenset(values) if values is not None else None for name, values in (decisions or {}).items()}
    _types[key] = PackType(key, title, project, organisation, frozen, order)


def pack_types() -> list[PackType]:
    return sorted(_types.values(), key=lambda t: (t.order, t.key))
