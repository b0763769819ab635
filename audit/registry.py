"""How each kind of record maps to an organisation and a project (so its events can be found by
scope after the record is gone), and which records hold special category or criminal offence data
(so a view of one is logged with a justification, DPA 2018 s.62).

Apps register their models in their own ``audit.py``; a model not registered is still audited, with
its own ``organisation_id`` and ``project_id`` where it has them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


@dataclass(frozen=True)
class Audited:
    organisation: str | None  # attribute path to the organisation's id, e.g. "case__organisation_id"
    project: str | None  # attribute path to the project's id
    sensitive: Callable[[Any], bool] | None = None  # holds special category or criminal offence data

    def organisation_of(self, obj: models.Model) -> int | None:
        return _follow(obj, self.organisation)

    def project_of(self, obj: models.Model) -> int | None:
        return _follow(obj, self.project)

    def is_sensitive(self, obj: models.Model) -> bool:
        return self.sensitive is not None and bool(self.sensitive(obj))


_registry: dict[str, Audited] = {}


def register(
    label: str,
    *,
    organisation: str | None = "organisation_id",
    project: str | None = None,
    sensitive: Callable[[Any], bool] | None = None,
) -> None:
    """Register ``label`` ("app_label.model_name") with where its organisation and project are found."""
    _registry[label] = Audited(organisation, project, sensitive)


def audited(model: type[models.Model] | models.Model) -> Audited:
    label = model._meta.label_lower
    if label in _registry:
        return _registry[label]
    names = {f.attname for f in model._meta.concrete_fields}
    return Audited(
        "organisation_id" if "organisation_id" in names else None,
        "project_id" if "project_id" in names else None,
    )


def _follow(obj: Any, path: str | None) -> int | None:
    if path is None:
        return None
    try:
        for name in path.split("__"):
            obj = getattr(obj, name)
            if obj is None:
                return None
    except ObjectDoesNotExist:
        return None
    return int(obj)
