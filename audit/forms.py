from __future__ import annotations

from typing import Any

from django import forms

from audit.models import PackScope
from governance.forms import GovUKDateField, GovUKForm
from governance.models import Project


class JustificationForm(GovUKForm):
    reason = forms.CharField(
        label="Why do you need to see records with special category or criminal offence data?",
        min_length=10,
        max_length=300,
        help_text="For example, “Reviewing screening DPIA-2026-0012 for the DPO queue”. Each record you open "
        "this session is logged with this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"min_length": "Give a reason of at least 10 characters.", "required": "Give a reason."},
    )


class PackForm(GovUKForm):
    scope = forms.ChoiceField(
        label="What should the pack cover?",
        choices=PackScope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the pack should cover."},
    )
    project = forms.ModelChoiceField(
        label="Project", queryset=Project.objects.none(), required=False, empty_label="Choose a project"
    )
    period_from = GovUKDateField(label="From", required=False)
    period_to = GovUKDateField(label="To", required=False)
    purpose = forms.CharField(
        label="Who is the pack for, and why?",
        max_length=200,
        help_text="For example, “ICO inquiry of 3 March 2026” or “Annual report to the Police and Crime Panel”.",
        error_messages={"required": "Say who the pack is for and why."},
    )

    conditional_reveals = {"scope": {"project": ["project"], "organisation": ["period_from", "period_to"]}}
    nested_field_names = {"project", "period_from", "period_to"}

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = Project.objects.filter(organisation_id=organisation_id).order_by("reference")
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        scope = cleaned.get("scope")
        if scope == PackScope.PROJECT and not cleaned.get("project"):
            self.add_error("project", "Choose the project the pack is about.")
        if scope == PackScope.ORGANISATION:
            start, end = cleaned.get("period_from"), cleaned.get("period_to")
            if start is None and "period_from" not in self.errors:
                self.add_error("period_from", "Enter the start of the period.")
            if end is None and "period_to" not in self.errors:
                self.add_error("period_to", "Enter the end of the period.")
            if start and end and end < start:
                self.add_error("period_to", "The end of the period must be on or after its start.")
        return cleaned
