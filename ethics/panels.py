from __future__ import annotations

from typing import Any

from ethics.access import runs
from ethics.models import TO_BE_HEARD, Case, CaseAction, Committee, Condition, Meeting
from ethics.services import latest_advice
from governance.models import Project, User


def project_panel(user: User, project: Project) -> dict[str, Any]:
    return {
        "project": project,
        "cases": Case.objects.visible_to(user).filter(project=project).select_related("committee"),
        "latest": latest_advice(project),
        "can_submit": project.lead_id == user.pk,
    }


def home_panel(user: User, _record: None) -> dict[str, Any] | None:
    run = [committee for committee in Committee.objects.all() if runs(user, committee)]
    upcoming = list(
        Meeting.objects.visible_to(user).filter(status__in=["planned", "agenda_published"]).order_by("date")[:3]
    )
    if not run and not upcoming:
        return None
    return {
        "upcoming": upcoming,
        "to_be_heard": Case.objects.filter(committee__in=run, status__in=TO_BE_HEARD).count() if run else 0,
        "open_actions": CaseAction.objects.filter(case__committee__in=run, done_at__isnull=True).count() if run else 0,
        "open_conditions": Condition.objects.filter(case__committee__in=run, met_at__isnull=True).count() if run else 0,
        "runs": bool(run),
    }
