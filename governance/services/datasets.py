from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from governance.choices import DataSubjectCategory, PersonalDataCategory, SpecialCategory
from governance.models import DATASET_WORKFLOW, Dataset, User
from governance.references import next_reference
from governance.roles import Role
from governance.services.common import (
    change_status,
    locked_for_update,
    require_members,
    require_organisation,
    require_role,
    save_with_history,
    sync_people_permissions,
)

# The asset owner may read and change the dataset's register entry.
OWNER_ACTIONS = ("view", "change")


@dataclass
class DatasetDetails:
    """The editable description of a dataset, as the register form collects it."""

    name: str
    information_asset_owner: User
    source_system: str
    description: str = ""
    personal_data_categories: list[str] = field(default_factory=list)
    special_categories: list[str] = field(default_factory=list)
    data_subject_categories: list[str] = field(default_factory=list)
    volume_band: str = ""
    protective_marking: str = "OFFICIAL-SENSITIVE"
    location: str = ""
    data_format: str = ""

    def check(self, organisation_id: int) -> None:
        require_members(organisation_id, information_asset_owner=self.information_asset_owner)
        require_role(Role.ASSET_OWNER, information_asset_owner=self.information_asset_owner)
        errors = {
            name: "Choose from the options listed."
            for name, choices in (
                ("personal_data_categories", PersonalDataCategory),
                ("special_categories", SpecialCategory),
                ("data_subject_categories", DataSubjectCategory),
            )
            if set(getattr(self, name)) - set(choices.values)
        }
        if errors:
            raise ValidationError(errors)

    def apply(self, dataset: Dataset) -> None:
        for name, value in self.__dict__.items():
            setattr(dataset, name, value)


def dataset_create(*, actor: User, details: DatasetDetails) -> Dataset:
    organisation = require_organisation(actor)
    details.check(organisation.pk)
    with transaction.atomic():
        dataset = Dataset(reference=next_reference(organisation, "DS"), organisation=organisation)
        details.apply(dataset)
        save_with_history(dataset, actor, "Added to the register")
        sync_people_permissions(dataset, [], [details.information_asset_owner], OWNER_ACTIONS)
    return dataset


def dataset_update(*, dataset: Dataset, actor: User, expected_version: int, details: DatasetDetails) -> Dataset:
    details.check(dataset.organisation_id)
    with transaction.atomic():
        locked = locked_for_update(Dataset, dataset.pk, expected_version)
        before = [locked.information_asset_owner]
        details.apply(locked)
        locked.version += 1
        save_with_history(locked, actor)
        sync_people_permissions(locked, before, [details.information_asset_owner], OWNER_ACTIONS)
    return locked


def dataset_change_status(*, dataset: Dataset, actor: User, status: str, reason: str, expected_version: int) -> Dataset:
    """Retire a dataset from use, or bring it back (see ``DATASET_WORKFLOW``), recording why."""
    return change_status(
        Dataset,
        DATASET_WORKFLOW,
        pk=dataset.pk,
        actor=actor,
        status=status,
        reason=reason,
        expected_version=expected_version,
    )
