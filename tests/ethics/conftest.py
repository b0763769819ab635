"""A committee run by the personas' secretary, with cases, meetings and hearings built through the
services the way the secretary would."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from ethics.models import Case, Committee, Hearing, Meeting, MeetingStatus
from ethics.services import (
    ConditionLine,
    agenda_add_case,
    case_submit,
    committee_create,
    hearing_save_minutes,
    meeting_change_status,
    meeting_create,
    member_add,
)
from governance.models import User
from tests.factories import ProjectFactory
from tests.isa.conftest import own_dataset, settled  # noqa: F401  (fixtures the access checks use)

A_YEAR_AGO = datetime.timedelta(days=365)


@pytest.fixture
def committee(personas: Any) -> Committee:
    """The committee, with version 1 of its terms in force for a year and the member persona serving."""
    committee = committee_create(
        actor=personas.secretary,
        name="Data Ethics Committee",
        terms_from=timezone.localdate() - A_YEAR_AGO,
    )
    member_add(
        committee=committee,
        actor=personas.secretary,
        name="",
        role="independent",
        starts_on=timezone.localdate() - A_YEAR_AGO,
        person=personas.member,
    )
    return committee


def submit(committee: Committee, lead: User, reference: str = "DAL_2019_0001_RASSO_analysis", **fields: Any) -> Case:
    project = fields.pop("project", None) or ProjectFactory(lead=lead)
    return case_submit(
        actor=lead,
        committee=committee,
        project=project,
        reference=reference,
        title=fields.pop("title", "Sexual offences analysis"),
        kind=fields.pop("kind", "explanatory"),
        team="Data Analytics Lab",
        summary="An explanatory model of investigations.",
        **fields,
    )


def plan(committee: Committee, secretary: User, days_from_now: int = -7, **fields: Any) -> Meeting:
    return meeting_create(
        actor=secretary,
        committee=committee,
        date=timezone.localdate() + datetime.timedelta(days=days_from_now),
        start_time=datetime.time(10),
        place="Lloyd House",
        **fields,
    )


def move(meeting: Meeting, actor: User, *statuses: str) -> Meeting:
    for status in statuses:
        meeting = meeting_change_status(meeting=meeting, actor=actor, status=status, expected_version=meeting.version)
    return meeting


def held(
    committee: Committee, secretary: User, cases: list[Case], days_from_now: int = -7
) -> tuple[Meeting, list[Hearing]]:
    """A meeting with ``cases`` on its agenda, recorded as held."""
    meeting = plan(committee, secretary, days_from_now)
    hearings = [agenda_add_case(meeting=meeting, case=case, actor=secretary) for case in cases]
    meeting = move(meeting, secretary, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
    return meeting, hearings


def decide(hearing: Hearing, actor: User, option: str, conditions: tuple[str, ...] = (), **fields: Any) -> Hearing:
    hearing.refresh_from_db()
    if option == "C" and not conditions:
        conditions = ("Results return to the committee before the project moves to a predictive model.",)
    return hearing_save_minutes(
        hearing=hearing,
        actor=actor,
        expected_version=hearing.version,
        option=option,
        vote=fields.pop("vote", "unanimous"),
        conditions=[ConditionLine(None, text) for text in conditions],
        **fields,
    )


def approved(meeting: Meeting, actor: User) -> Meeting:
    meeting.refresh_from_db()
    return move(meeting, actor, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_APPROVED)


@pytest.fixture
def case(committee: Committee, personas: Any) -> Case:
    return submit(committee, personas.analyst)
