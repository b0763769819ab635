"""One access helper per guarded model.

Each answers 404 where the user may not see the record (the same answer as "no such record", so
nobody learns another organisation's records exist) and 403 where they may see it but not do this.
"""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from governance.models import Dataset, Project, User
from governance.permissions import holds_object_permission
from governance.roles import Role

Action = Literal["view", "change"]


def can_change_project(user: User, project: Project) -> bool:
    """The DPO of the project's organisation, or someone given the right on it (its lead and asset
    owner are, by the services that name them)."""
    if user.has_role(Role.DPO) and user.in_organisation_of(project.organisation_id):
        return True
    return holds_object_permission(user, project, "change")


def get_project_for_user(user: User, pk: int, action: Action = "view") -> Project:
    project = get_object_or_404(
        Project.objects.visible_to(user).select_related("organisation", "lead", "information_asset_owner"),
        pk=pk,
    )
    if action == "change" and not can_change_project(user, project):
        raise PermissionDenied("Only the project's lead, its information asset owner or the DPO can change it.")
    return project


def can_change_dataset(user: User, dataset: Dataset) -> bool:
    """The DPO of the owning organisation, or someone given the right on it (its asset owner is)."""
    if user.has_role(Role.DPO) and user.in_organisation_of(dataset.organisation_id):
        return True
    return holds_object_permission(user, dataset, "change")


def get_dataset_for_user(user: User, pk: int, action: Action = "view") -> Dataset:
    dataset = get_object_or_404(
        Dataset.objects.visible_to(user).select_related("organisation", "information_asset_owner"), pk=pk
    )
    if action == "change" and not can_change_dataset(user, dataset):
        raise PermissionDenied("Only the dataset's information asset owner or the DPO can change its entry.")
    return dataset
