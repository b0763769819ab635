from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from dpia.models import AWAITING_DPO, RemedialAction, Screening, ScreeningStatus
from governance.access import can_change_project
from governance.models import Project, User
from governance.roles import Role


def project_panel(user: User, project: Project) -> dict[str, Any]:
    """The project's DPIA screenings the person may see, and whether they may start one."""
    screenings = (
        Screening.objects.visible_to(user).filter(project=project).select_related("assessment").order_by("-created_at")
    )
    return {"project": project, "screenings": screenings, "can_start": can_change_project(user, project)}


def home_panel(user: User, _record: None) -> dict[str, Any] | None:
    """For a DPO, the screenings waiting for a response (and how many are overdue); for anyone, the
    screenings returned to them and the remedial actions they own that are still open."""
    today = timezone.localdate()
    waiting = overdue = 0
    if user.has_role(Role.DPO):
        queue = Screening.objects.reviewable_by(user).filter(status__in=AWAITING_DPO)
        counts = queue.aggregate(waiting=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        waiting, overdue = counts["waiting"], counts["overdue"]
    returned = list(
        Screening.objects.visible_to(user)
        .filter(status=ScreeningStatus.RETURNED, author=user)
        .select_related("project")[:10]
    )
    actions = list(
        RemedialAction.objects.open()
        .filter(owner=user, screening__status=ScreeningStatus.CONDITIONAL)
        .select_related("screening__project")[:10]
    )
    if not (user.has_role(Role.DPO) or returned or actions):
        return None
    return {
        "is_dpo": user.has_role(Role.DPO),
        "waiting": waiting,
        "overdue": overdue,
        "returned": returned,
        "actions": actions,
        "today": today,
    }
