from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from governance.models import Dataset, Project, User
from governance.roles import Role
from isa.models import IN_FORCE, AccessGrant, AccessRequest, AgreementDataset, GrantStatus, RequestStatus
from isa.services.requests import undecided_roles

# Grants ending within this many days are flagged to their holder.
EXPIRING_DAYS = 30


def project_panel(user: User, project: Project) -> dict[str, Any]:
    return {
        "project": project,
        "requests": AccessRequest.objects.visible_to(user).filter(project=project).select_related("requester"),
        "can_request": project.organisation_id == user.organisation_id and project.status in ("proposed", "active"),
    }


def dataset_panel(user: User, dataset: Dataset) -> dict[str, Any]:
    """Who has access (for those who may see the grants) and the agreements that share the dataset."""
    grants = (
        AccessGrant.objects.visible_to(user)
        .filter(dataset=dataset, status=GrantStatus.ACTIVE)
        .select_related("user__organisation", "request", "agreement")
        .order_by("expires_on")
    )
    covers = (
        AgreementDataset.objects.filter(dataset=dataset, agreement__status__in=IN_FORCE)
        .select_related("agreement", "recipient")
        .order_by("agreement__reference")
    )
    return {
        "dataset": dataset,
        "grants": grants,
        "covers": covers,
        "can_revoke": dataset.information_asset_owner_id == user.pk
        or (user.has_role(Role.DPO) and user.in_organisation_of(dataset.organisation_id)),
    }


def home_panel(user: User, _record: None) -> dict[str, Any] | None:
    today = timezone.localdate()
    open_requests = (
        AccessRequest.objects.visible_to(user)
        .filter(status=RequestStatus.SUBMITTED)
        .exclude(requester=user)
        .prefetch_related("lines__dataset__organisation", "lines__approvals")
    )
    to_decide = [r for r in open_requests[:100] if any(undecided_roles(user, line) for line in r.lines.all())]
    asked = list(
        AccessRequest.objects.filter(requester=user, status=RequestStatus.INFO_REQUESTED).select_related("project")
    )
    expiring = list(
        AccessGrant.objects.filter(
            user=user, status=GrantStatus.ACTIVE, expires_on__lte=today + datetime.timedelta(days=EXPIRING_DAYS)
        ).select_related("dataset")
    )
    if not (to_decide or asked or expiring):
        return None
    return {"to_decide": to_decide, "asked": asked, "expiring": expiring}
