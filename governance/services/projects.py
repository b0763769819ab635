from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import PROJECT_WORKFLOW, Dataset, Project, ProjectStatus, User
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

# The lead and the information asset owner may read and change the project.
NAMED_PEOPLE_ACTIONS = ("view", "change")


def _check_dates(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})


def _check_datasets(actor: User, datasets: Iterable[Dataset]) -> list[Dataset]:
    datasets = list(datasets)
    visible = set(
        Dataset.objects.visible_to(actor).filter(pk__in=[d.pk for d in datasets]).values_list("pk", flat=True)
    )
    if any(dataset.pk not in visible for dataset in datasets):
        raise ValidationError({"datasets": "Choose only datasets in the register you can see."})
    return datasets


def project_create(
    *,
    actor: User,
    name: str,
    purpose: str,
    lead: User,
    information_asset_owner: User | None = None,
    information_custodian: str = "",
    datasets: Iterable[Dataset] = (),
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Project:
    organisation = require_organisation(actor)
    require_members(organisation.pk, lead=lead, information_asset_owner=information_asset_owner)
    require_role(Role.ASSET_OWNER, information_asset_owner=information_asset_owner)
    _check_dates(start_date, end_date)
    chosen = _check_datasets(actor, datasets)
    with transaction.atomic():
        project = Project(
            reference=next_reference(organisation, "PRJ"),
            organisation=organisation,
            name=name,
            purpose=purpose,
            lead=lead,
            information_asset_owner=information_asset_owner,
            information_custodian=information_custodian,
            start_date=start_date,
            end_date=end_date,
        )
        save_with_history(project, actor, "Registered")
        if chosen:
            project.datasets.set(chosen)
        sync_people_permissions(project, [], [lead, information_asset_owner], NAMED_PEOPLE_ACTIONS)
    return project


def project_update(
    *,
    project: Project,
    actor: User,
    expected_version: int,
    name: str,
    purpose: str,
    lead: User,
    information_asset_owner: User | None,
    information_custodian: str,
    datasets: Iterable[Dataset],
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> Project:
    require_members(project.organisation_id, lead=lead, information_asset_owner=information_asset_owner)
    require_role(Role.ASSET_OWNER, information_asset_owner=information_asset_owner)
    _check_dates(start_date, end_date)
    chosen = _check_datasets(actor, datasets)
    with transaction.atomic():
        locked = locked_for_update(Project, project.pk, expected_version)
        before = [locked.lead, locked.information_asset_owner]
        locked.name = name
        locked.purpose = purpose
        locked.lead = lead
        locked.information_asset_owner = information_asset_owner
        locked.information_custodian = information_custodian
        locked.start_date = start_date
        locked.end_date = end_date
        locked.version += 1
        save_with_history(locked, actor)
        if {d.pk for d in chosen} != set(locked.datasets.values_list("pk", flat=True)):
            locked.datasets.set(chosen)
        sync_people_permissions(locked, before, [lead, information_asset_owner], NAMED_PEOPLE_ACTIONS)
    return locked


def project_change_status(*, project: Project, actor: User, status: str, reason: str, expected_version: int) -> Project:
    """Move the project along its workflow (see ``PROJECT_WORKFLOW``), recording why."""

    def stamp_closure(locked: Project) -> None:
        ended = status in {ProjectStatus.CLOSED, ProjectStatus.WITHDRAWN}
        locked.closed_at = timezone.now() if ended else None

    return change_status(
        Project,
        PROJECT_WORKFLOW,
        pk=project.pk,
        actor=actor,
        status=status,
        reason=reason,
        expected_version=expected_version,
        also=stamp_closure,
    )
