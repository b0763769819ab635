from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from governance.forms.dates import GovUKDateField
from governance.forms.rendering import GovUKForm
from governance.models import PROJECT_WORKFLOW, Dataset, Project, User
from governance.roles import Role


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj.get_full_name() or obj.username}{title}"


class DatasetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation.name})"


def people_of(organisation_id: int | None, role: Role | None = None) -> QuerySet[User]:
    if organisation_id is None:
        return User.objects.none()
    people = User.objects.filter(organisation_id=organisation_id, is_active=True, is_system_actor=False)
    if role is not None:
        people = people.filter(groups__name=role.value)
    return people.order_by("first_name", "last_name")


class ProjectForm(GovUKForm):
    name = forms.CharField(label="Project name", max_length=200)
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the processing is for, in words someone with no prior knowledge would understand. "
        "Avoid technical language and acronyms.",
    )
    lead = PersonChoiceField(label="Project lead", queryset=User.objects.none(), empty_label="Choose a person")
    information_asset_owner = PersonChoiceField(
        label="Information asset owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not yet known",
        help_text="The senior person accountable for the information the project uses.",
    )
    information_custodian = forms.CharField(
        label="Information custodian",
        max_length=200,
        required=False,
        help_text="Who looks after the information day to day, for example “Superintendent, Data Analytics Lab”.",
    )
    datasets = DatasetChoiceField(
        label="Datasets used",
        queryset=Dataset.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every dataset in the register the project will use.",
    )
    start_date = GovUKDateField(
        label="Processing starts",
        required=False,
        help_text="For example, 18 11 2019",
        label_for_messages="Start date",
    )
    end_date = GovUKDateField(
        label="Processing ends",
        required=False,
        help_text="Leave blank if not yet decided",
        label_for_messages="End date",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: User, project: Project | None = None, **kwargs: Any) -> None:
        if project is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": project.name,
                    "purpose": project.purpose,
                    "lead": project.lead_id,
                    "information_asset_owner": project.information_asset_owner_id,
                    "information_custodian": project.information_custodian,
                    "datasets": list(project.datasets.values_list("pk", flat=True)),
                    "start_date": project.start_date,
                    "end_date": project.end_date,
                    "version": project.version,
                },
            )
        else:
            kwargs.setdefault("initial", {"lead": user.pk})
        super().__init__(*args, **kwargs)
        organisation_id = project.organisation_id if project else user.organisation_id
        cast(PersonChoiceField, self.fields["lead"]).queryset = people_of(organisation_id)
        cast(PersonChoiceField, self.fields["information_asset_owner"]).queryset = people_of(
            organisation_id, Role.ASSET_OWNER
        )
        cast(DatasetChoiceField, self.fields["datasets"]).queryset = (
            Dataset.objects.visible_to(user).select_related("organisation").order_by("organisation__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


def project_status_choices(project: Project) -> list[tuple[str, str]]:
    return [(state.value, state.label) for state in PROJECT_WORKFLOW.allowed_from(project.status)]
