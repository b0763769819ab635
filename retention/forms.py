from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from governance.forms import GovUKDateField, GovUKForm
from governance.models import Dataset, Project
from retention.models import Action, HoldReason, Method, PeriodUnit, RetentionSchedule, ReviewStatus
from retention.registry import EXTERNAL_DATASET, Trigger, record_type, type_choices


class RecordTypeForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    record_type = forms.ChoiceField(label="What kind of record will the schedule govern?", widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["record_type"]).choices = type_choices()


class ScheduleForm(GovUKForm):
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, “Access requests: 6 years after closure”."
    )
    period_value = forms.IntegerField(
        label="Period", min_value=1, max_value=1200, widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"})
    )
    period_unit = forms.ChoiceField(label="Unit", choices=PeriodUnit.choices, widget=forms.RadioSelect)
    trigger = forms.ChoiceField(label="Counted from", widget=forms.RadioSelect)
    fixed_date = forms.ChoiceField(label="Which date", required=False)
    action = forms.ChoiceField(label="What happens when it is due", widget=forms.RadioSelect)
    anonymise_fields = forms.MultipleChoiceField(
        label="Fields to blank", required=False, widget=forms.CheckboxSelectMultiple
    )
    authority = forms.CharField(
        label="Authority", max_length=300, help_text="A policy, the NPCC national retention schedule, a MoPI group."
    )
    rationale = forms.CharField(label="Rationale", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    review_first = forms.BooleanField(
        label="Review before disposal: the record's owner keeps it (with a new date) or lets it go", required=False
    )
    notice_days = forms.IntegerField(
        label="Days' notice",
        min_value=0,
        max_value=365,
        initial=30,
        help_text="How many days before the due date a review opens.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conditional_reveals = {"trigger": {"fixed_date": ["fixed_date"]}, "action": {"anonymise": ["anonymise_fields"]}}
    nested_field_names = {"fixed_date", "anonymise_fields"}

    def __init__(self, *args: Any, record_type_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        if record_type_key == EXTERNAL_DATASET:
            cast(forms.ChoiceField, fields["trigger"]).choices = [
                (Trigger.CLOSED.value, "When the access the extract was made under ended")
            ]
            cast(forms.ChoiceField, fields["action"]).choices = [(Action.CONFIRM.value, Action.CONFIRM.label)]
            for name in ("fixed_date", "anonymise_fields", "review_first"):
                del fields[name]
            return
        kind = record_type(record_type_key)
        cast(forms.ChoiceField, fields["trigger"]).choices = kind.triggers()
        cast(forms.ChoiceField, fields["fixed_date"]).choices = [("", "Choose a date")] + [
            (key, kind.dates[key].label.capitalize()) for key in kind.fixed_dates
        ]
        actions = [Action.DELETE, Action.REVIEW] + ([Action.ANONYMISE] if kind.anonymisable else [])
        cast(forms.ChoiceField, fields["action"]).choices = [(a.value, a.label) for a in actions]
        cast(forms.MultipleChoiceField, fields["anonymise_fields"]).choices = list(kind.anonymisable.items())
        if not kind.fixed_dates:
            del fields["fixed_date"]
        if not kind.anonymisable:
            del fields["anonymise_fields"]

    def terms(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class HoldForm(GovUKForm):
    scope = forms.ChoiceField(
        label="What is the hold on?",
        choices=[
            ("project", "A project and every record of its chain"),
            ("dataset", "A dataset and every record that uses it"),
        ],
        widget=forms.RadioSelect,
    )
    project = forms.ModelChoiceField(label="Project", queryset=Project.objects.none(), required=False)
    dataset = forms.ModelChoiceField(label="Dataset", queryset=Dataset.objects.none(), required=False)
    reason = forms.ChoiceField(label="Reason", choices=HoldReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The claim, investigation or request it is for.",
    )

    conditional_reveals = {"scope": {"project": ["project"], "dataset": ["dataset"]}}
    nested_field_names = {"project", "dataset"}

    def __init__(self, *args: Any, projects: QuerySet[Project], datasets: QuerySet[Dataset], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        cast(forms.ModelChoiceField, self.fields["dataset"]).queryset = datasets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope in ("project", "dataset") and not data.get(scope):
            self.add_error(scope, f"Choose the {scope}")
        return data


class RecordHoldForm(GovUKForm):
    reason = forms.ChoiceField(label="Reason", choices=HoldReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label="Details",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The claim, investigation or request it is for.",
    )


class ReasonForm(GovUKForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(GovUKForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(ReviewStatus.KEPT.value, "Keep it until a new date"), (ReviewStatus.DISPOSE.value, "Dispose of it")],
        widget=forms.RadioSelect,
    )
    keep_until = GovUKDateField(label="Keep it until", required=False)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    conditional_reveals = {"decision": {"kept": ["keep_until"]}}
    nested_field_names = {"keep_until"}


class ConfirmDeletionForm(GovUKForm):
    method = forms.CharField(
        label="How was it deleted?",
        max_length=300,
        help_text="For example, “secure deletion from the analytics share”.",
    )
    deleted_on = GovUKDateField(label="Date deleted")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DatasetScheduleForm(GovUKForm):
    schedule = forms.ModelChoiceField(
        label="Schedule for the dataset's extracts and archives",
        queryset=RetentionSchedule.objects.none(),
        required=False,
        empty_label="None",
    )

    def __init__(self, *args: Any, schedules: QuerySet[RetentionSchedule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["schedule"]).queryset = schedules


class LogFilterForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    record_type = forms.ChoiceField(label="Kind of record", required=False)
    method = forms.ChoiceField(label="How", required=False, choices=[("", "Any")] + list(Method.choices))
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["record_type"]).choices = [("", "Any")] + type_choices()
