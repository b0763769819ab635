"""Who sees retention: the DPO and SIRO of an organisation see its schedules, holds, due records and
disposal log (the DPO manages the schedules; either places and releases holds). A review is also its
owner's, a confirmation its asset owner's. Everyone else gets 404."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from governance.models import User
from governance.roles import Role
from retention.models import DisposalConfirmation, LegalHold, RetentionReview, RetentionSchedule


def sees_retention(user: User) -> bool:
    return user.organisation_id is not None and user.has_role(Role.DPO, Role.SIRO)


def require_officer(user: User) -> int:
    """The organisation whose retention the user oversees; 404 for anyone else."""
    if not sees_retention(user):
        raise Http404
    assert user.organisation_id is not None
    return user.organisation_id


def manages_schedules(user: User) -> bool:
    return user.organisation_id is not None and user.has_role(Role.DPO)


def get_schedule_for_user(user: User, pk: int, action: Literal["view", "manage"] = "view") -> RetentionSchedule:
    schedule = get_object_or_404(RetentionSchedule, pk=pk, organisation_id=require_officer(user))
    if action == "manage" and not manages_schedules(user):
        raise PermissionDenied("Only the Data Protection Officer changes retention schedules.")
    return schedule


def get_hold_for_user(user: User, pk: int) -> LegalHold:
    return get_object_or_404(
        LegalHold.objects.select_related("project", "dataset", "placed_by", "released_by"),
        pk=pk,
        organisation_id=require_officer(user),
    )


def _own_or_officer(user: User) -> Q:
    condition = Q(owner_id=user.pk)
    if sees_retention(user):
        condition |= Q(organisation_id=user.organisation_id)
    return condition


def get_review_for_user(user: User, pk: int) -> RetentionReview:
    return get_object_or_404(
        RetentionReview.objects.filter(_own_or_officer(user)).select_related("schedule", "owner", "decided_by"), pk=pk
    )


def get_confirmation_for_user(user: User, pk: int) -> DisposalConfirmation:
    return get_object_or_404(
        DisposalConfirmation.objects.filter(_own_or_officer(user)).select_related("schedule", "owner", "dataset"),
        pk=pk,
    )


def may_decide(user: User, task: RetentionReview | DisposalConfirmation) -> bool:
    """The owner, or the organisation's DPO (the SIRO reads)."""
    return task.owner_id == user.pk or (user.has_role(Role.DPO) and user.in_organisation_of(task.organisation_id))
