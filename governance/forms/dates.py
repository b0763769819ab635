"""The GOV.UK date input: day, month and year typed separately, with messages that say which part
is missing or wrong (https://design-system.service.gov.uk/components/date-input/)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class GovUKDateInput(forms.MultiWidget):
    """Rendered by ``forms/includes/date.html`` through the GOV.UK field template."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}_{index}", "")).strip() for index in range(3)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{index}" not in data for index in range(3))


class GovUKDateField(forms.Field):
    widget = GovUKDateInput

    def __init__(self, *, label_for_messages: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label_for_messages = label_for_messages

    def _name(self) -> str:
        return self.label_for_messages or str(self.label or "The date")

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date) or value in (None, ""):
            return value or None
        day, month, year = (list(value) + ["", "", ""])[:3]
        if not (day or month or year):
            return None
        missing = [part for part, typed in (("day", day), ("month", month), ("year", year)) if not typed]
        if missing:
            raise ValidationError(f"{self._name()} must include a {' and '.join(missing)}", code="incomplete")
        try:
            numbers = [int(day), int(month), int(year)]
        except ValueError:
            raise ValidationError(f"{self._name()} must be a real date", code="invalid") from None
        if not 1000 <= numbers[2] <= 9999:
            raise ValidationError(f"{self._name()} must include a year with 4 numbers", code="invalid_year")
        try:
            return datetime.date(numbers[2], numbers[1], numbers[0])
        except (ValueError, OverflowError):  # a day or month too large for C's int is overflow, not a bad value
            raise ValidationError(f"{self._name()} must be a real date", code="invalid") from None
