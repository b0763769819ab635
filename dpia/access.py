"""Access helpers for screenings, remedial actions and assessments: 404 where the user may not see the
record, 403 where they may see it but not do this."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from dpia.models import Assessment, AssessmentStatus, RemedialAction, Screening
from governance.models import User
from governance.permissions import holds_object_permission
from governance.roles import Role

ScreeningAction = Literal["view", "edit", "review", "reopen"]


def can_review(user: User, screening: Screening) -> bool:
    """The DPOs of the screening's organisation, and anyone asked to review it (its named DPO)."""
    if user.has_role(Role.DPO) and user.in_organisation_of(screening.organisation_id):
        return True
    return holds_object_permission(user, screening, "review")


def can_edit(user: User, screening: Screening) -> bool:
    """The author and the project lead, while it is a draft or returned to them."""
    return screening.is_editable and holds_object_permission(user, screening, "change")


def get_screening_for_user(user: User, pk: int, action: ScreeningAction = "view") -> Screening:
    screening = get_object_or_404(
        Screening.objects.visible_to(user).select_related("project__lead", "organisation__dpo", "author", "reviewer"),
        pk=pk,
    )
    if action == "edit" and not can_edit(user, screening):
        if screening.is_editable:
            raise PermissionDenied("Only the screening's author and the project lead can change its answers.")
        raise PermissionDenied(
            f"This screening is {screening.get_status_display().lower()}, so its answers cannot be changed now."
        )
    if action == "review" and not can_review(user, screening):
        raise PermissionDenied("Only the organisation's Data Protection Officer reviews screenings.")
    if action == "reopen" and not (can_review(user, screening) or holds_object_permission(user, screening, "change")):
        raise PermissionDenied("Only the DPO, the author or the project lead can reopen a screening.")
    return screening


def get_action_for_user(user: User, pk: int) -> RemedialAction:
    """A remedial action its owner, the screening's author or lead, or the DPO may mark done."""
    action = get_object_or_404(RemedialAction.objects.select_related("screening", "owner"), pk=pk)
    screening = get_screening_for_user_or_owner(user, action)
    allowed = (
        action.owner_id == user.pk or holds_object_permission(user, screening, "change") or can_review(user, screening)
    )
    if not allowed:
        raise PermissionDenied("Only the action's owner, the screening's author or lead, or the DPO can do this.")
    return action


def get_screening_for_user_or_owner(user: User, action: RemedialAction) -> Screening:
    """An action's owner sees its screening even when they were given nothing else on it."""
    if action.owner_id == user.pk:
        return action.screening
    return get_screening_for_user(user, action.screening_id)


AssessmentAction = Literal["view", "edit", "advise", "consult"]


def can_edit_assessment(user: User, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.IN_PROGRESS and holds_object_permission(user, assessment, "change")


def can_advise(user: User, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.IN_PROGRESS and can_review(user, assessment.screening)


def get_assessment_for_user(user: User, pk: int, action: AssessmentAction = "view") -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.visible_to(user).select_related("project__lead", "screening__organisation", "organisation"),
        pk=pk,
    )
    if action == "edit" and not can_edit_assessment(user, assessment):
        raise PermissionDenied("Only the assessment's authors can change it, and only until it is signed off.")
    if action == "consult" and not holds_object_permission(user, assessment, "change"):
        raise PermissionDenied("Only the assessment's authors record the consultation with the ICO.")
    if action == "advise" and not can_advise(user, assessment):
        raise PermissionDenied("Only the organisation's Data Protection Officer gives the DPO's advice.")
    return assessment
