from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from dpia.questions import YesNo
from governance.choices import DataSubjectCategory
from governance.forms import GovUKDateField, GovUKForm
from governance.forms.projects import DatasetChoiceField, PersonChoiceField
from governance.models import Dataset, Organisation, Project, User
from isa.models import AgreementStatus, AttachmentKind, Decision, LawfulBasis, LegalPower, PartyRole
from isa.services.requests import ANSWERS


class AgreementForm(GovUKForm):
    """The agreement's terms, under the ICO Data Sharing Code's checklist headings."""

    title = forms.CharField(label="Title", max_length=200)
    purpose = forms.CharField(
        label="Purpose of the sharing",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why the data is shared, what it will be used for, and the benefits expected.",
    )
    legal_powers = forms.MultipleChoiceField(
        label="Legal powers relied on",
        choices=LegalPower.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )
    legal_powers_other = forms.CharField(
        label="Other legal powers", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lawful_basis = forms.ChoiceField(label="Lawful basis", choices=LawfulBasis.choices, widget=forms.RadioSelect)
    sensitive_conditions = forms.CharField(
        label="Sensitive processing and special category conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Part 3: strictly necessary and a Schedule 8 condition. UK GDPR: an Article 9 condition with its "
        "Schedule 1 condition. Leave blank if none is shared.",
    )
    criminal_offence_conditions = forms.CharField(
        label="Criminal offence data conditions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The DPA 2018 Schedule 1 condition relied on, where UK GDPR applies.",
    )
    data_items = forms.CharField(
        label="Data items shared", widget=forms.Textarea(attrs={"rows": 4}), help_text="List the fields shared."
    )
    data_subjects = forms.MultipleChoiceField(
        label="Data subjects", choices=DataSubjectCategory.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    security = forms.CharField(
        label="Security requirements",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How the data is transferred, stored and accessed, and who may see it.",
    )
    retention_terms = forms.CharField(
        label="Retention and deletion",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How long each party keeps the data, and how it is deleted.",
    )
    breach_procedure = forms.CharField(
        label="Breach procedure",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who is told of a personal data breach, by whom and how fast.",
    )
    contact_point = PersonChoiceField(
        label="Single point of contact",
        queryset=User.objects.none(),
        help_text="Answers individuals' requests about the agreement and receives its reminders.",
    )
    start_date = GovUKDateField(label="Start date", help_text="For example, 1 4 2026")
    review_date = GovUKDateField(label="Review date", help_text="When the parties check it still works")
    end_date = GovUKDateField(label="End date", required=False, help_text="Leave blank if it runs until terminated")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change = forms.ChoiceField(
        label="What kind of change is this?",
        choices=[
            ("minor", "Minor: wording or contact details; the signatures stand"),
            ("major", "Major: purpose, data, parties' obligations; every party signs again"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, people: QuerySet[User], in_force: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PersonChoiceField, self.fields["contact_point"]).queryset = people
        if in_force:
            self.fields["change"].required = True
        else:
            del self.fields["change"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, review, end = data.get("start_date"), data.get("review_date"), data.get("end_date")
        if start and review and review < start:
            self.add_error("review_date", "The review date must be on or after the start date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        if LegalPower.OTHER in data.get("legal_powers", []) and not data.get("legal_powers_other", "").strip():
            self.add_error("legal_powers_other", "Describe the other legal powers")
        return data

    def terms(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "change")}


class PartyForm(GovUKForm):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.order_by("name"), empty_label="Choose an organisation"
    )
    role = forms.ChoiceField(label="Role in the sharing", choices=PartyRole.choices, widget=forms.RadioSelect)
    signatory = PersonChoiceField(
        label="Signatory",
        queryset=User.objects.filter(is_active=True, is_system_actor=False).select_related("organisation"),
        required=False,
        empty_label="Not yet known",
        help_text="The person who signs for this organisation; they must work for it.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, signatory = data.get("organisation"), data.get("signatory")
        if organisation and signatory and signatory.organisation_id != organisation.pk:
            self.add_error("signatory", f"Choose someone who works for {organisation}")
        return data


class CoverForm(GovUKForm):
    dataset = DatasetChoiceField(label="Dataset", queryset=Dataset.objects.none(), widget=forms.Select)
    recipient = forms.ModelChoiceField(
        label="Shared with", queryset=Organisation.objects.none(), empty_label="Choose a party"
    )

    def __init__(self, *args: Any, datasets: QuerySet[Dataset], recipients: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(DatasetChoiceField, self.fields["dataset"]).queryset = datasets
        cast(forms.ModelChoiceField, self.fields["recipient"]).queryset = recipients


class ConfirmForm(GovUKForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignForm(GovUKForm):
    confirm = forms.BooleanField(
        label="I am authorised to sign this agreement for my organisation, and I agree to its terms",
        error_messages={"required": "Confirm you are authorised to sign and agree to the terms"},
    )


class TerminateForm(GovUKForm):
    reason = forms.CharField(label="Why is the agreement terminated?", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(GovUKForm):
    note = forms.CharField(
        label="What did the review find?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, whether the sharing still meets its purpose and the terms are followed.",
    )
    next_review = GovUKDateField(label="Next review date")
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(GovUKForm):
    kind = forms.ChoiceField(label="What is it?", choices=AttachmentKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(label="Upload a file", help_text="A PDF, Word document or OpenDocument text, up to 20 MB.")


class RegisterFilterForm(GovUKForm):
    one_time_key = False  # sent by GET: no submission key in the address
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *AgreementStatus.choices])
    party = forms.ModelChoiceField(
        label="Party", required=False, queryset=Organisation.objects.order_by("name"), empty_label="Any party"
    )
    dataset = forms.CharField(label="Dataset", required=False, max_length=100)
    review_within = forms.TypedChoiceField(
        label="Review due within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any time"), (30, "30 days"), (60, "60 days"), (90, "90 days")],
    )


class AccessRequestForm(GovUKForm):
    project = forms.ModelChoiceField(label="Project", queryset=Project.objects.none(), empty_label="Choose a project")
    datasets = DatasetChoiceField(
        label="Datasets",
        queryset=Dataset.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Your organisation's datasets, and partners' datasets an agreement shares with it.",
    )
    research_questions = forms.CharField(
        label="What are the specific research questions?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="List the questions the analysis will answer.",
    )
    policing_benefit = forms.CharField(
        label="How will the answers inform operational or strategic policing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Who will use the findings, and what decision they will inform.",
    )
    safe_project = forms.CharField(
        label="Safe project",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Is this use of the data appropriate and lawful?",
    )
    safe_people = forms.CharField(
        label="Safe people",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who will see the data? Are they vetted and trained?",
    )
    safe_setting = forms.CharField(
        label="Safe setting",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where will the data be held and analysed?",
    )
    safe_data = forms.CharField(
        label="Safe data",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How is disclosure risk in the data reduced?",
    )
    safe_outputs = forms.CharField(
        label="Safe outputs",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How are results checked before they leave the setting, for example suppressing small numbers?",
    )
    fields_needed = forms.CharField(
        label="Fields needed", widget=forms.Textarea(attrs={"rows": 3}), help_text="The fields you need, and why."
    )
    pseudonymised_sufficient = forms.ChoiceField(
        label="Would pseudonymised data do?", choices=YesNo.choices, widget=forms.RadioSelect
    )
    pseudonymised_reason = forms.CharField(
        label="Why is identifiable data needed?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = GovUKDateField(label="Access from")
    end_date = GovUKDateField(label="Access until", help_text="No more than 12 months after access starts")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conditional_reveals = {"pseudonymised_sufficient": {"no": ["pseudonymised_reason"]}}
    nested_field_names = {"pseudonymised_reason"}

    def __init__(
        self,
        *args: Any,
        projects: QuerySet[Project],
        datasets: QuerySet[Dataset],
        resubmit: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        cast(DatasetChoiceField, self.fields["datasets"]).queryset = datasets
        if resubmit:
            del self.fields["project"]
            del self.fields["datasets"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Access until must be the same as or after access from")
        if start and not self.initial.get("start_date") and start < timezone.localdate():
            self.add_error("start_date", "Access from must be today or in the future")
        if data.get("pseudonymised_sufficient") == YesNo.NO and not data.get("pseudonymised_reason", "").strip():
            self.add_error("pseudonymised_reason", "Explain why pseudonymised data would not do")
        return data

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ANSWERS}


class LineDecisionForm(GovUKForm):
    decision = forms.ChoiceField(label="Your decision", choices=Decision.choices, widget=forms.RadioSelect)
    conditions = forms.CharField(
        label="Conditions, or the reason for refusing",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Conditions are recorded with the approval, for example “aggregate outputs only”.",
    )


class AskForm(GovUKForm):
    question = forms.CharField(label="What do you need to know?", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class RevokeForm(GovUKForm):
    reason = forms.CharField(label="Why is the access revoked?", widget=forms.Textarea(attrs={"rows": 3}))
