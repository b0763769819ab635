"""Which records hold special category or criminal offence data (DPA 2018 s.62: each consultation of
such a record is logged with who, when and why)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

CRIMINAL_OFFENCE = "criminal_offence"


def dataset_is_sensitive(dataset: Any) -> bool:
    return bool(dataset.special_categories) or CRIMINAL_OFFENCE in (dataset.personal_data_categories or [])


def any_sensitive(datasets: Iterable[Any]) -> bool:
    return any(dataset_is_sensitive(dataset) for dataset in datasets)
