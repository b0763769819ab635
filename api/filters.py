"""Plain query-parameter filters for the list endpoints, described once for the queryset and the schema."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_INT = 2**63 - 1


@dataclass(frozen=True)
class Filter:
    name: str
    lookup: str
    kind: str = "str"  # "str", "int" or "date"
    choices: Sequence[str] = ()
    description: str = ""

    def parse(self, raw: str) -> Any:
        if self.kind == "int":
            if not raw.isdigit() or int(raw) > MAX_INT:
                raise ValidationError({self.name: "Give a whole number (a record's id)."})
            return int(raw)
        if self.kind == "date":
            try:
                return datetime.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError({self.name: "Give a date as YYYY-MM-DD."}) from None
        if self.choices and raw not in self.choices:
            raise ValidationError({self.name: f"Choose one of: {', '.join(self.choices)}."})
        if "\x00" in raw:
            raise ValidationError({self.name: "The value holds a character that cannot be searched for."})
        return raw

    def parameter(self) -> OpenApiParameter:
        kind = {"int": OpenApiTypes.INT, "date": OpenApiTypes.DATE}.get(self.kind, OpenApiTypes.STR)
        return OpenApiParameter(
            self.name,
            kind,
            required=False,
            enum=list(self.choices) or None,
            description=self.description,
        )


def apply(queryset: QuerySet[Any], request: Request, filters: Sequence[Filter]) -> QuerySet[Any]:
    for spec in filters:
        raw = request.query_params.get(spec.name)
        if raw is None or raw == "":
            continue
        queryset = queryset.filter(**{spec.lookup: spec.parse(raw)})
    return queryset


def choices_of(choices: type[Any]) -> list[str]:
    return [str(value) for value in choices.values]


def parameters(filters: Sequence[Filter]) -> list[OpenApiParameter]:
    return [spec.parameter() for spec in filters]
