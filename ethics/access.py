"""Access helpers for the ethics committee's records: 404 where the user may not see the record, 403
where they may see it but not do this."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ethics.models import Case, CasePaper, Committee, Hearing, Meeting
from governance.models import Project, User
from governance.permissions import holds_object_permission
from governance.roles import Role


def runs(user: User, committee: Committee) -> bool:
    """The committee's secretaries: the ethics secretaries of the organisation that runs it."""
    return user.has_role(Role.ETHICS_SECRETARY) and user.in_organisation_of(committee.organisation_id)


def visible_committees(user: User) -> QuerySet[Committee]:
    """Committees are few and public bodies: everyone signed in may see them and submit to them."""
    return Committee.objects.order_by("name")


def get_committee_for_user(user: User, pk: int, action: Literal["view", "manage"] = "view") -> Committee:
    committee = get_object_or_404(Committee.objects.select_related("organisation"), pk=pk)
    if action == "manage" and not runs(user, committee):
        raise PermissionDenied("Only the committee's secretary can change it.")
    return committee


def get_meeting_for_user(user: User, pk: int, action: Literal["view", "manage"] = "view") -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("committee__organisation", "chair"), pk=pk
    )
    if action == "manage" and not runs(user, meeting.committee):
        raise PermissionDenied("Only the committee's secretary can change a meeting.")
    return meeting


def get_case_for_user(user: User, pk: int, action: Literal["view", "manage", "change"] = "view") -> Case:
    case = get_object_or_404(
        Case.objects.visible_to(user).select_related(
            "committee__organisation", "project__lead", "screening", "submitted_by"
        ),
        pk=pk,
    )
    if action == "manage" and not runs(user, case.committee):
        raise PermissionDenied("Only the committee's secretary can do this.")
    if action == "change" and not holds_object_permission(user, case, "change"):
        raise PermissionDenied("Only the case's submitter and the project lead can change it.")
    return case


def get_hearing_for_user(user: User, pk: int) -> Hearing:
    hearing = get_object_or_404(Hearing.objects.select_related("case", "meeting__committee", "terms"), pk=pk)
    get_meeting_for_user(user, hearing.meeting_id, "manage")
    return hearing


def get_paper_for_user(user: User, pk: int) -> CasePaper:
    paper = get_object_or_404(CasePaper.objects.select_related("case"), pk=pk)
    get_case_for_user(user, paper.case_id)
    return paper


def submittable_projects(user: User) -> QuerySet[Project]:
    """The projects a user may put to the committee: the open ones they lead."""
    return Project.objects.filter(lead=user).exclude(status__in=["closed", "withdrawn"]).order_by("name")
