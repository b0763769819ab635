from __future__ import annotations

from typing import Any, cast

from django import forms

from governance.choices import (
    DataSubjectCategory,
    PersonalDataCategory,
    ProtectiveMarking,
    SpecialCategory,
    VolumeBand,
)
from governance.forms.projects import PersonChoiceField, people_of
from governance.forms.rendering import GovUKForm
from governance.models import DATASET_WORKFLOW, Dataset, User
from governance.roles import Role
from governance.services.datasets import DatasetDetails


class DatasetForm(GovUKForm):
    name = forms.CharField(label="Dataset name", max_length=200)
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the records are and what they are used for.",
    )
    information_asset_owner = PersonChoiceField(
        label="Information asset owner",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        help_text="Approves or refuses access to this dataset.",
    )
    source_system = forms.CharField(
        label="Source system",
        max_length=200,
        help_text="The system the records are held in, for example the crime recording system.",
    )
    personal_data_categories = forms.MultipleChoiceField(
        label="Categories of personal data",
        choices=PersonalDataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Leave all unselected if the dataset holds no personal data.",
    )
    special_categories = forms.MultipleChoiceField(
        label="Special category data",
        choices=SpecialCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    data_subject_categories = forms.MultipleChoiceField(
        label="Categories of data subject",
        choices=DataSubjectCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    volume_band = forms.ChoiceField(
        label="How many individuals do the records describe?",
        choices=VolumeBand.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    protective_marking = forms.ChoiceField(
        label="Protective marking", choices=ProtectiveMarking.choices, widget=forms.RadioSelect
    )
    location = forms.CharField(
        label="Where it is held",
        max_length=200,
        required=False,
        help_text="For example, the force data centre or a named cloud tenancy.",
    )
    data_format = forms.CharField(
        label="Format",
        max_length=200,
        required=False,
        help_text="For example, relational database tables or a weekly CSV extract.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisation_id: int | None, dataset: Dataset | None = None, **kwargs: Any):
        if dataset is not None:
            initial = {name: getattr(dataset, name) for name in self.base_fields if name != "information_asset_owner"}
            initial["information_asset_owner"] = dataset.information_asset_owner_id
            kwargs.setdefault("initial", initial)
        else:
            kwargs.setdefault("initial", {"protective_marking": ProtectiveMarking.OFFICIAL_SENSITIVE})
        super().__init__(*args, **kwargs)
        owner = cast(PersonChoiceField, self.fields["information_asset_owner"])
        owner.queryset = people_of(organisation_id, Role.ASSET_OWNER)

    def details(self) -> DatasetDetails:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return DatasetDetails(**data)


def dataset_status_choices(dataset: Dataset) -> list[tuple[str, str]]:
    return [(state.value, state.label) for state in DATASET_WORKFLOW.allowed_from(dataset.status)]
