from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from breaches.models import EXEMPTIONS, IcoDecision, Likelihood, Regime, Severity, TellDecision
from governance.choices import PersonalDataCategory, SpecialCategory
from governance.forms import GovUKDateField, GovUKForm
from governance.models import Dataset, User
from isa.models import Agreement


class TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}, format="%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "24-hour clock, for example 09:15 or 16:30")
        kwargs.setdefault("error_messages", {"invalid": "Enter a time like 09:15 or 16:30"})
        super().__init__(input_formats=["%H:%M", "%H.%M", "%H%M"], **kwargs)


def moment(data: dict[str, Any], prefix: str) -> datetime.datetime | None:
    """The local date and time typed as ``<prefix>_on`` and ``<prefix>_time``, as an aware moment."""
    day, time = data.get(f"{prefix}_on"), data.get(f"{prefix}_time")
    if day is None or time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, time))


def moment_initial(value: datetime.datetime | None, prefix: str) -> dict[str, Any]:
    if value is None:
        return {}
    local = timezone.localtime(value)
    return {f"{prefix}_on": local.date(), f"{prefix}_time": local.time().replace(second=0, microsecond=0)}


class MomentForm(GovUKForm):
    """A form with date-and-time questions: a date and a time typed together, both or neither."""

    moments: tuple[tuple[str, str], ...] = ()  # (prefix, what it is, in a sentence)

    def add_error(self, field: str | None, error: Any) -> None:
        """A service names a moment ``<prefix>_at``; the form asks for it as a date and a time, so the
        message goes by the date. Anything else the form does not ask goes at the top."""
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                target = f"{name.removesuffix('_at')}_on" if name.endswith("_at") else name
                super().add_error(target if target in self.fields else None, errors)
            return
        super().add_error(field, error)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix, what in self.moments:
            day, time = f"{prefix}_on", f"{prefix}_time"
            if day in self.errors or time in self.errors:
                continue
            if data.get(day) is not None and data.get(time) is None:
                self.add_error(time, f"Enter the time {what}")
            elif data.get(time) is not None and data.get(day) is None:
                self.add_error(day, f"Enter the date {what}")
        return data


class ReportForm(MomentForm):
    summary = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, an e-mail with a spreadsheet of victims' details was sent to the wrong partner. "
        "Start with a one-line summary.",
    )
    discovered_on = GovUKDateField(label="Date it was discovered", help_text="For example, 27 3 2026")
    discovered_time = TimeField(label="Time it was discovered")
    data_involved = forms.CharField(
        label="What data was involved?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The kinds of information, not the information itself: for example, names, addresses and "
        "crime references of victims.",
    )
    people_affected = forms.IntegerField(
        label="Roughly how many people are affected?",
        min_value=0,
        max_value=100_000_000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
        help_text="Your best estimate; the DPO will refine it.",
    )

    moments = (("discovered", "it was discovered"),)


class RecordForm(MomentForm):
    regime = forms.ChoiceField(label="Regime", choices=Regime.choices, widget=forms.RadioSelect)
    aware_on = GovUKDateField(label="Date the organisation became aware")
    aware_time = TimeField(label="Time the organisation became aware")
    data_categories = forms.MultipleChoiceField(
        label="Categories of personal data",
        choices=PersonalDataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    special_categories = forms.MultipleChoiceField(
        label="Special category data",
        choices=SpecialCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_affected = forms.IntegerField(
        label="Approximate number of people affected",
        min_value=0,
        max_value=100_000_000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-10"}),
    )
    datasets = forms.ModelMultipleChoiceField(
        label="Datasets involved", queryset=Dataset.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    agreements = forms.ModelMultipleChoiceField(
        label="Sharing agreements involved",
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their breach procedures and contact points are shown on the record; their other parties are to "
        "be told.",
    )
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the record's history, for example why the time of awareness was corrected.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    moments = (("aware", "the organisation became aware"),)

    def __init__(self, *args: Any, datasets: QuerySet[Dataset], agreements: QuerySet[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["datasets"]).queryset = datasets
        cast(forms.ModelMultipleChoiceField, self.fields["agreements"]).queryset = agreements


class RiskForm(GovUKForm):
    likelihood = forms.ChoiceField(
        label="How likely is harm to the people affected?", choices=Likelihood.choices, widget=forms.RadioSelect
    )
    severity = forms.ChoiceField(
        label="How severe would the harm be?", choices=Severity.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who the people are, what could happen to them, and what makes it more or less likely.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class IcoForm(MomentForm):
    decision = forms.ChoiceField(label="Your decision", choices=IcoDecision.choices, widget=forms.RadioSelect)
    reported_on = GovUKDateField(label="Date reported to the ICO", required=False)
    reported_time = TimeField(label="Time reported to the ICO", required=False)
    ico_reference = forms.CharField(label="The ICO's reference", required=False, max_length=40,
                                    widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))  # fmt: skip
    late_reasons = forms.CharField(
        label="Reasons for the delay",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the report was made more than 72 hours after the organisation became aware.",
    )
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    moments = (("reported", "it was reported"),)
    conditional_reveals = {"decision": {"report": ["reported_on", "reported_time", "ico_reference", "late_reasons"]}}
    nested_field_names = {"reported_on", "reported_time", "ico_reference", "late_reasons"}


class IndividualsForm(MomentForm):
    decision = forms.ChoiceField(label="Your decision", choices=TellDecision.choices, widget=forms.RadioSelect)
    told_on = GovUKDateField(label="Date they were told", required=False, help_text="Leave blank if not yet.")
    told_time = TimeField(label="Time they were told", required=False)
    exemption = forms.ChoiceField(
        label="Exemption (needed when the risk is high)",
        required=False,
        widget=forms.RadioSelect,
    )
    public_communication = forms.CharField(
        label="Public communication",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where people are told disproportionate effort rules out telling each of them: how and when.",
    )
    reasons = forms.CharField(label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    moments = (("told", "they were told"),)
    conditional_reveals = {
        "decision": {"tell": ["told_on", "told_time"], "not_tell": ["exemption", "public_communication"]}
    }
    nested_field_names = {"told_on", "told_time", "exemption", "public_communication"}

    def __init__(self, *args: Any, regime: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(e.value, e.label) for e in EXEMPTIONS.get(regime, ())]
        cast(forms.ChoiceField, self.fields["exemption"]).choices = choices


class ActionForm(GovUKForm):
    description = forms.CharField(
        label="What is to be done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, ask the recipient to delete the e-mail and confirm in writing.",
    )
    owner = forms.ModelChoiceField(label="Who owns it?", queryset=User.objects.none())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people


class CloseForm(GovUKForm):
    lessons = forms.CharField(
        label="Lessons learnt",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What will change so that it does not happen again, and who will make the change.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
