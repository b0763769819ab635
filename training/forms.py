from __future__ import annotations

from typing import Any

from django import forms

from governance.forms import GovUKDateField, GovUKForm
from governance.models import User
from training.imports import MAX_BYTES


class RecordForm(GovUKForm):
    person = forms.ModelChoiceField(
        label="Who completed it", queryset=User.objects.none(), empty_label="Choose a person"
    )
    course = forms.CharField(label="Course", max_length=200, initial="Data protection and information security")
    induction = forms.BooleanField(label="This was induction training for a new starter", required=False)
    completed_on = GovUKDateField(label="Completed on")
    expires_on = GovUKDateField(
        label="Counts until", required=False, help_text="Leave blank for the organisation's refresher period (a year)."
    )
    evidence = forms.CharField(
        label="Evidence", max_length=300, required=False, help_text="For example, a certificate number."
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(organisation_id=organisation_id, is_active=True, is_system_actor=False)
        self.fields["person"].queryset = people.order_by("last_name", "first_name")  # type: ignore[attr-defined]


class ImportForm(GovUKForm):
    file = forms.FileField(
        label="Completions exported from the learning system (CSV)",
        help_text="The first row names the columns: an e-mail address or username, the course and the completion "
        "date are needed; an expiry date and evidence are read if present.",
        error_messages={"required": "Choose a CSV file to import."},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB. Split it into smaller files.")
        content: bytes = upload.read()
        if b"\x00" in content[:2048]:
            raise forms.ValidationError("The file is not a CSV file. Export the completions as CSV and try again.")
        return content


class StaffFilterForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    standing = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Everyone"), ("attention", "Lapsed, due soon or induction outstanding"), ("lapsed", "Lapsed")],
    )
