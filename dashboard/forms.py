from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, cast

from django import forms

from dashboard.scope import default_period
from governance.forms import GovUKForm
from governance.models import Organisation

# Far enough back for any record the service holds, and a guard against typing errors such as 0202.
EARLIEST = datetime.date(2000, 1, 1)
EARLIEST_TEXT = "1 January 2000"


class FilterForm(GovUKForm):
    """The organisation and the period, from the query string (``organisation``, ``from``, ``to``, dates
    as YYYY-MM-DD). Any may be left out: the viewer's own organisation and the last 12 months are used."""

    one_time_key = False  # sent by GET: no submission key in the address

    organisation = forms.TypedChoiceField(label="Organisation", required=False, coerce=int, empty_value=None)

    def __init__(
        self, data: Mapping[str, str], *, organisations: list[Organisation], own: Organisation, today: datetime.date
    ) -> None:
        date_from, date_to = default_period(today)
        # What was left empty takes its default, and the form shows the values the figures use.
        defaults = {"organisation": str(own.pk), "from": date_from.isoformat(), "to": date_to.isoformat()}
        super().__init__({name: data.get(name) or default for name, default in defaults.items()})
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        self.own, self.today = own, today
        field = cast(forms.TypedChoiceField, self.fields["organisation"])
        field.choices = [(o.pk, o.name + (" (yours)" if o.pk == own.pk else "")) for o in organisations]
        field.error_messages["invalid_choice"] = "Choose an organisation from the list"
        # "from" is a Python keyword, so the period's fields are added here rather than declared.
        self.fields["from"] = forms.DateField(
            label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": "Enter the start of the period as a real date, for example 2026-01-31"},
        )  # fmt: skip
        self.fields["to"] = forms.DateField(
            label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": "Enter the end of the period as a real date, for example 2026-12-31"},
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start is not None and start < EARLIEST:
            self.add_error("from", f"The period must start on or after {EARLIEST_TEXT}")
        if end is not None and end < EARLIEST:
            self.add_error("to", f"The period must end on or after {EARLIEST_TEXT}")
        if start is not None and end is not None and start > end and not self.has_error("to"):
            self.add_error("to", "The end of the period must be on or after its start")
        return data

    def chosen(self) -> tuple[Organisation, datetime.date, datetime.date]:
        """The organisation and the period chosen (once the form is valid)."""
        pk = self.cleaned_data.get("organisation")
        organisation = self.organisations[pk] if pk is not None else self.own
        return (
            organisation,
            cast(datetime.date, self.cleaned_data["from"]),
            cast(datetime.date, self.cleaned_data["to"]),
        )
