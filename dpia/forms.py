from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from dpia.answers import section_problems
from dpia.models import Likelihood, MeasureEffect, RiskLevel, Severity
from dpia.questions import (
    DATE,
    LONG_TEXT,
    MULTIPLE,
    TICK,
    YES_NO,
    Heading,
    Outcome,
    Question,
    ScreeningSpecialCategory,
    Section,
)
from dpia.services.screenings import ActionSpec
from governance.forms import GovUKDateField, GovUKForm
from governance.forms.projects import PersonChoiceField, people_of
from governance.models import Project, User

# More options than this are a drop-down rather than radios.
MOST_RADIOS = 10


def _field_for(question: Question, org: str, projects: QuerySet[Project]) -> forms.Field:
    label = question.label(org)
    hint = question.help_text(org)
    if question.quote:
        hint = f"“{question.quote}” {hint}".strip()
    common: dict[str, Any] = {"label": label, "help_text": hint, "required": False}
    if question.key == "project":
        return forms.ModelChoiceField(queryset=projects, empty_label="Choose a project", **common)
    if question.kind == DATE:
        return GovUKDateField(label_for_messages=label, **common)
    if question.kind == LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    if question.kind == TICK:
        return forms.BooleanField(**common)
    if question.kind == MULTIPLE:
        return forms.MultipleChoiceField(choices=_choices(question, org), widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == YES_NO or question.choices is not None:
        choices = _choices(question, org)
        if len(choices) <= MOST_RADIOS:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        return forms.ChoiceField(choices=[("", "Choose an item"), *choices], **common)
    return forms.CharField(max_length=200, **common)


def _choices(question: Question, org: str) -> list[tuple[str, str]]:
    assert question.choices is not None
    labels = []
    for value, label in question.choices.choices:
        if label == "Staff (current and former)":
            label = f"{org} staff (current and former)"
        labels.append((value, label))
    return labels


class SectionForm(GovUKForm):
    """One section of the screening form. Every field is optional when saving a draft; the section's
    completeness rules (``dpia.answers.section_problems``) run when the person says they have finished."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, section: Section, org: str, projects: QuerySet[Project], **kwargs: Any):
        self.section = section
        super().__init__(*args, **kwargs)
        self.conditional_reveals: dict[str, dict[str, list[str]]] = {}
        self.nested_field_names: set[str] = set()
        for question in section.questions:
            self.fields[question.key] = _field_for(question, org, projects)
            if question.shown_when:
                parent, values = question.shown_when
                for value in values:
                    self.conditional_reveals.setdefault(parent, {}).setdefault(value, []).append(question.key)
                self.nested_field_names.add(question.key)
        self.exclusive_options = {"special_categories": ScreeningSpecialCategory.NONE.value}
        # The version field goes last so the questions keep the form's order.
        self.fields["version"] = self.fields.pop("version")

    def items(self) -> list[tuple[str, Any]]:
        """The section in order: its headings and its top-level questions (revealed ones sit inside)."""
        result: list[tuple[str, Any]] = []
        for item in self.section.items:
            if isinstance(item, Heading):
                result.append(("heading", item))
            elif not self[item.key].is_nested:  # type: ignore[attr-defined]
                result.append(("question", self[item.key]))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("special_categories") or []
        if ScreeningSpecialCategory.NONE in chosen and len(chosen) > 1:
            self.add_error("special_categories", "Select ‘None’ or the special categories that apply, not both")
        return data

    def answers(self) -> dict[str, Any]:
        """The valid answers, ready to save; a field with an error is left as it was."""
        return {
            key: self.cleaned_data[key]
            for key in (q.key for q in self.section.questions)
            if key in self.cleaned_data and key not in self.errors
        }

    def check_complete(self, merged: dict[str, Any]) -> bool:
        """Add the section's completeness problems, given all answers with this form's merged in."""
        for key, message in section_problems(self.section, merged).items():
            if key not in self.errors:
                self.add_error(key if key in self.fields else None, message)
        return not self.errors


class SubmitForm(GovUKForm):
    response_note = forms.CharField(
        label="What have you changed?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Answer the DPO's request for more information and say what you changed.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommentForm(GovUKForm):
    question = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(GovUKForm):
    reason = forms.CharField(
        label="What do you need from the author?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The author sees this and your comments on each question. The 10-working-day clock stops "
        "until they resubmit.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(GovUKForm):
    outcome = forms.ChoiceField(label="DPO Assessment", choices=Outcome.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(label="Reasons for the outcome", widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemedialActionForm(GovUKForm):
    description = forms.CharField(label="Remedial action", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, empty_label="Choose a person"
    )
    due_on = GovUKDateField(label="Due date", required=False, help_text="For example, 27 3 2027")

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["owner"]).queryset = people_of(organisation_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [name for name in ("description", "owner", "due_on") if data.get(name)]
        if given and len(given) < 3:
            for name in ("description", "owner", "due_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        {
                            "description": "Enter the action",
                            "owner": "Select the owner",
                            "due_on": "Enter the due date",
                        }[name],
                    )
        due = data.get("due_on")
        if due and due < timezone.localdate():
            self.add_error("due_on", "The due date must be today or in the future")
        return data

    def spec(self) -> ActionSpec | None:
        data = self.cleaned_data
        if not data.get("description"):
            return None
        return ActionSpec(description=data["description"], owner=data["owner"], due_on=data["due_on"])


class BaseActionFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        self.organisation_id = organisation_id
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "organisation_id": self.organisation_id}

    def specs(self) -> list[ActionSpec]:
        return [spec for form in self.forms if (spec := form.spec()) is not None]


RemedialActionFormSet = cast(
    "type[BaseActionFormSet]",
    forms.formset_factory(RemedialActionForm, formset=BaseActionFormSet, extra=3, max_num=10),
)


class ActionDoneForm(GovUKForm):
    note = forms.CharField(label="How was it done?", widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(GovUKForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(GovUKForm):
    project = forms.ModelChoiceField(
        label="Project Proposal Name",
        queryset=Project.objects.none(),
        empty_label="Choose a project",
        help_text="You can screen the projects you lead, or whose information you own.",
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects


class CompareForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    older = forms.TypedChoiceField(label="Compare version", coerce=int)
    newer = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        cast(forms.TypedChoiceField, self.fields["older"]).choices = choices
        cast(forms.TypedChoiceField, self.fields["newer"]).choices = choices


# Stage 2 --------------------------------------------------------------------------------------


class StepForm(GovUKForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, fields: tuple[str, ...], assessment_model: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in fields:
            model_field = assessment_model._meta.get_field(name)
            self.fields[name] = forms.CharField(
                label=str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:],
                help_text=model_field.help_text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
        self.fields["version"] = self.fields.pop("version")


class RiskForm(GovUKForm):
    description = forms.CharField(
        label="Risk to individuals",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Describe the source of risk and nature of potential impact on individuals.",
    )
    source = forms.CharField(label="Source of the risk", max_length=200, help_text="For example, a data breach.")
    likelihood = forms.TypedChoiceField(
        label="Likelihood of harm", choices=Likelihood.choices, coerce=int, widget=forms.RadioSelect
    )
    severity = forms.TypedChoiceField(
        label="Severity of harm", choices=Severity.choices, coerce=int, widget=forms.RadioSelect
    )


class MeasureForm(GovUKForm):
    description = forms.CharField(label="Options to reduce or eliminate risk", widget=forms.Textarea(attrs={"rows": 3}))
    effect = forms.ChoiceField(label="Effect on risk", choices=MeasureEffect.choices, widget=forms.RadioSelect)
    residual_risk = forms.ChoiceField(label="Residual risk", choices=RiskLevel.choices, widget=forms.RadioSelect)
    approved = forms.BooleanField(label="Measure approved", required=False)


class ConsultationForm(GovUKForm):
    sent_on = GovUKDateField(label="Date sent to the ICO", help_text="For example, 3 2 2027")
    extended = forms.BooleanField(label="The ICO extended its reply by 6 weeks (complex processing)", required=False)
    ico_reference = forms.CharField(label="ICO reference", required=False, max_length=64)
    replied_on = GovUKDateField(label="Date of the ICO's reply", required=False)
    outcome = forms.CharField(
        label="The ICO's written advice", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DpoAdviceForm(GovUKForm):
    advice = forms.CharField(label="DPO advice", widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignOffForm(GovUKForm):
    measures_approved_by = PersonChoiceField(label="Measures approved by", queryset=User.objects.none())
    residual_risks_approved_by = PersonChoiceField(
        label="Residual risks approved by",
        queryset=User.objects.none(),
        help_text="If accepting any residual high risk, consult the ICO before going ahead.",
    )
    dpo_advice_response = forms.ChoiceField(
        label="DPO advice accepted or overruled",
        choices=[("accepted", "Accepted"), ("overruled", "Overruled")],
        widget=forms.RadioSelect,
    )
    overrule_reasons = forms.CharField(
        label="If overruled, you must explain your reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kept_under_review_by = PersonChoiceField(
        label="This DPIA will be kept under review by",
        queryset=User.objects.none(),
        help_text="The DPO should also review ongoing compliance with the DPIA.",
    )
    next_review_on = GovUKDateField(label="Next review date", help_text="For example, 1 12 2027")
    version = forms.IntegerField(widget=forms.HiddenInput)

    conditional_reveals = {"dpo_advice_response": {"overruled": ["overrule_reasons"]}}
    nested_field_names = {"overrule_reasons"}

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("measures_approved_by", "residual_risks_approved_by", "kept_under_review_by"):
            cast(PersonChoiceField, self.fields[name]).queryset = people_of(organisation_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dpo_advice_response") == "overruled" and not data.get("overrule_reasons", "").strip():
            self.add_error("overrule_reasons", "Enter why the DPO's advice is overruled")
        return data
