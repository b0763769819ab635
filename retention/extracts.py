"""Extracts of datasets held elsewhere: copies made for a project (under an access grant, say) that this
service cannot delete itself. An app that makes such copies registers where to find those due; the
sweep opens a confirmation for each, for the dataset's asset owner."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from retention.models import RetentionSchedule


@dataclass(frozen=True)
class Extract:
    dataset_id: int
    key: str  # unique within the dataset, e.g. "grant:42"
    label: str  # no personal data
    trigger_on: datetime.date
    due_on: datetime.date
    project_id: int | None
    owner: Any  # the User who confirms


ExtractSource = Callable[["RetentionSchedule", datetime.date], Iterator[Extract]]
_sources: list[ExtractSource] = []


def register_extracts(source: ExtractSource) -> ExtractSource:
    if source not in _sources:
        _sources.append(source)
    return source


def due_extracts(schedule: RetentionSchedule, today: datetime.date) -> Iterator[Extract]:
    for source in _sources:
        yield from source(schedule, today)
