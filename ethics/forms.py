from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from dpia.models import Screening
from ethics.models import (
    LETTERS,
    AttendanceKind,
    Case,
    CaseKind,
    Committee,
    CommitteeMember,
    ItemKind,
    MemberRole,
    TermsOfReference,
    Vote,
)
from governance.forms import GovUKDateField, GovUKForm
from governance.models import Project, User


class TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}, format="%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 10:00 or 14:30")
        kwargs.setdefault("error_messages", {"invalid": "Enter a time like 10:00 or 14:30"})
        super().__init__(input_formats=["%H:%M", "%H.%M", "%H%M"], **kwargs)


class MeetingForm(GovUKForm):
    date = GovUKDateField(label="Date", help_text="For example, 14 3 2027")
    start_time = TimeField(label="Start time")
    place = forms.CharField(label="Place", max_length=200)
    chair = forms.ModelChoiceField(
        label="Chair", queryset=CommitteeMember.objects.none(), required=False, empty_label="Not decided"
    )
    title = forms.CharField(
        label="Title", required=False, max_length=200, help_text="Leave blank to call it “the second formal meeting”."
    )
    welcome = forms.CharField(label="The chair's welcome", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    general_comments = forms.CharField(
        label="General comments to the Police and Crime Commissioner and Chief Constable",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Comments on all the papers, one per line.",
    )
    closed_at = TimeField(label="Meeting closed at", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why are the approved minutes being corrected?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded with the amendment.",
    )

    def __init__(self, *args: Any, members: QuerySet[CommitteeMember], locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["chair"]).queryset = members
        if not locked:
            del self.fields["reason"]

    def details(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}


class AttendanceForm(GovUKForm):
    member = forms.ModelChoiceField(
        label="Committee member", queryset=CommitteeMember.objects.none(), required=False, empty_label="Not a member"
    )
    name = forms.CharField(label="Name", max_length=200, required=False, help_text="For someone who is not a member.")
    initials = forms.CharField(
        label="Initials", max_length=8, required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-5"})
    )
    kind = forms.ChoiceField(label="Attendance", choices=AttendanceKind.choices, widget=forms.RadioSelect)
    role = forms.CharField(label="Role", max_length=300, required=False, help_text="For a guest, why they attended.")
    is_staff = forms.BooleanField(
        label="Police or OPCC staff (shown by initials in the public minutes)", required=False
    )

    def __init__(self, *args: Any, members: QuerySet[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("member") and not data.get("name", "").strip():
            self.add_error("name", "Enter the person's name, or choose a member")
        return data


class AgendaCaseForm(GovUKForm):
    case = forms.ModelChoiceField(label="Case", queryset=Case.objects.none(), empty_label="Choose a case")

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case"]).queryset = cases


class AgendaItemForm(GovUKForm):
    kind = forms.ChoiceField(
        label="What kind of item?",
        choices=[(ItemKind.ITEM.value, ItemKind.ITEM.label), (ItemKind.EVENT.value, ItemKind.EVENT.label)],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text=(
            "As the minutes will say it, for example “Data protection training session” or “The meeting was paused "
            "for lunch”."
        ),
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    time = TimeField(label="Time", required=False, help_text="For an event, when it happened, e.g. 12:30")
    confidential = forms.BooleanField(label="Confidential: leave it out of the public minutes", required=False)


class CaseForm(GovUKForm):
    reference = forms.CharField(
        label="Paper reference", max_length=100, help_text="For example, DAL_2019_0001_RASSO_analysis"
    )
    title = forms.CharField(label="Title", max_length=200)
    committee = forms.ModelChoiceField(
        label="Committee", queryset=Committee.objects.none(), empty_label="Choose a committee"
    )
    project = forms.ModelChoiceField(label="Project", queryset=Project.objects.none(), empty_label="Choose a project")
    kind = forms.ChoiceField(label="Kind of analysis", choices=CaseKind.choices, widget=forms.RadioSelect)
    team = forms.CharField(label="Submitting team", max_length=200, initial="Data Analytics Lab")
    summary = forms.CharField(
        label="Summary", widget=forms.Textarea(attrs={"rows": 5}), help_text="What the paper proposes, in plain words."
    )
    screening = forms.ModelChoiceField(
        label="DPIA screening",
        queryset=Screening.objects.none(),
        required=False,
        empty_label="None yet",
        help_text="The committee asks to see the DPIA with every proposal.",
    )

    def __init__(
        self, *args: Any, committees: Any, projects: QuerySet[Project], screenings: QuerySet[Screening], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects
        cast(forms.ModelChoiceField, self.fields["screening"]).queryset = screenings

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        screening, project = data.get("screening"), data.get("project")
        if screening and project and screening.project_id != project.pk:
            self.add_error("screening", "Choose a screening of the selected project")
        return data


class PaperForm(GovUKForm):
    file = forms.FileField(label="Upload a paper", help_text="A PDF, Word document or OpenDocument text, up to 20 MB.")


class NoteForm(GovUKForm):
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(GovUKForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MinutesForm(GovUKForm):
    heading = forms.CharField(label="Heading in the minutes", max_length=300, required=False)
    presenters = forms.CharField(
        label="Presented by", max_length=300, required=False, help_text="For example, DP and RE"
    )
    overview = forms.CharField(
        label="The following points were highlighted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One point per line.",
    )
    positive_comments = forms.CharField(
        label="Positive comments", required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="One per line."
    )
    questions_to_address = forms.CharField(
        label="Questions to be addressed",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line.",
    )
    recommendations = forms.CharField(
        label="Recommendations for the team",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line.",
    )
    option = forms.ChoiceField(label="Option under the terms of reference", required=False, widget=forms.RadioSelect)
    vote = forms.ChoiceField(label="The vote", required=False, choices=Vote.choices, widget=forms.RadioSelect)
    votes_for = forms.IntegerField(
        label="For", required=False, min_value=0, widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"})
    )
    votes_against = forms.IntegerField(
        label="Against", required=False, min_value=0, widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"})
    )
    abstentions = forms.IntegerField(
        label="Abstaining",
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    advice = forms.CharField(
        label="Advice to the Police and Crime Commissioner and Chief Constable",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why are the approved minutes being corrected?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The minutes are approved: each change is recorded as an amendment with this reason.",
    )

    conditional_reveals = {"vote": {"counted": ["votes_for", "votes_against", "abstentions"]}}
    nested_field_names = {"votes_for", "votes_against", "abstentions"}

    def __init__(self, *args: Any, terms: TermsOfReference | None, locked: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = {option.letter: option for option in terms.options.all()} if terms else {}
        cast(forms.ChoiceField, self.fields["option"]).choices = [("", "Not decided yet")] + [
            (letter, f"{letter}: {options[letter].label} – {options[letter].text}" if letter in options else letter)
            for letter in LETTERS
        ]
        if not locked:
            del self.fields["reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("option") and not data.get("vote"):
            self.add_error("vote", "Select how the committee voted")
        if data.get("vote") == Vote.COUNTED and data.get("votes_for") is None:
            self.add_error("votes_for", "Enter the number of votes for")
        return data

    def minutes(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}
        for name in (
            "heading",
            "presenters",
            "overview",
            "positive_comments",
            "questions_to_address",
            "recommendations",
            "advice",
            "option",
            "vote",
        ):
            data[name] = data.get(name) or ""
        return data


class QuestionForm(GovUKForm):
    question = forms.CharField(label="Question", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    answer = forms.CharField(label="Answer given", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ActionLineForm(GovUKForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="Action", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="Owner", required=False, max_length=200)
    due_on = GovUKDateField(label="Due date", required=False)


class ConditionLineForm(GovUKForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="Condition", required=False, widget=forms.Textarea(attrs={"rows": 2}))


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2)
ActionFormSet = forms.formset_factory(ActionLineForm, extra=1)
ConditionFormSet = forms.formset_factory(ConditionLineForm, extra=1)


class TermsForm(GovUKForm):
    effective_from = GovUKDateField(label="In force from")
    note = forms.CharField(label="What changed", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for letter in LETTERS:
            self.fields[f"label_{letter}"] = forms.CharField(label=f"Option {letter}: short label", max_length=100)
            self.fields[f"text_{letter}"] = forms.CharField(
                label=f"Option {letter}: full text", widget=forms.Textarea(attrs={"rows": 3})
            )

    def options(self) -> dict[str, tuple[str, str]]:
        return {
            letter: (self.cleaned_data[f"label_{letter}"], self.cleaned_data[f"text_{letter}"]) for letter in LETTERS
        }


class CommitteeForm(GovUKForm):
    name = forms.CharField(label="Name of the committee", max_length=200)
    advises = forms.CharField(
        label="Whom does it advise?", max_length=200, initial="the Police and Crime Commissioner and Chief Constable"
    )
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(GovUKForm):
    person = forms.ModelChoiceField(
        label="Their account",
        queryset=User.objects.none(),
        required=False,
        empty_label="No account: they read the papers outside the service",
        help_text="With an account, they can read the papers and minutes of the meetings held during their tenure.",
    )
    name = forms.CharField(
        label="Name", max_length=200, required=False, help_text="Leave blank to use the account's name."
    )
    role = forms.ChoiceField(label="Role", choices=MemberRole.choices, widget=forms.RadioSelect)
    starts_on = GovUKDateField(label="Tenure starts")
    ends_on = GovUKDateField(label="Tenure ends", required=False, help_text="Leave blank if it has no set end.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = User.objects.filter(
            is_active=True, is_system_actor=False
        ).order_by("first_name", "last_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the member's name, or choose their account")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The tenure must end after it starts")
        return data


class EndTenureForm(GovUKForm):
    ends_on = GovUKDateField(label="Tenure ends on")
