"""The committee's advice in the access-request checks, and access stopped when the advice is D or E."""

from __future__ import annotations

import pytest

from ethics.prerequisites import ethics_advice_allows
from ethics.services import case_withdraw, hearing_save_minutes
from isa.models import GrantStatus
from isa.prerequisites import evaluate
from tests.ethics.conftest import approved, decide, held, submit
from tests.isa.conftest import ask, granted


def test_it_is_the_third_check(personas, own_dataset, settled):
    names = [result.name for result in evaluate(ask(personas.analyst, settled, [own_dataset]))]
    assert names[2] == "The ethics committee's advice allows it"


def test_a_project_never_put_to_the_committee_passes(personas, own_dataset, settled):
    result = ethics_advice_allows(ask(personas.analyst, settled, [own_dataset]))
    assert (result.passed, result.reason) == (True, "The project has no ethics committee advice to follow.")


@pytest.mark.parametrize(("option", "passes"), [("A", True), ("B", True), ("C", True), ("D", False), ("E", False)])
def test_the_latest_advice_decides(committee, personas, own_dataset, settled, option, passes):
    case = submit(committee, personas.analyst, project=settled)
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, option)
    result = ethics_advice_allows(ask(personas.analyst, settled, [own_dataset]))
    assert result.passed is passes
    assert f"option {option}" in result.reason and case.reference in result.reason


def test_a_later_hearing_replaces_earlier_advice(committee, personas, own_dataset, settled):
    case = submit(committee, personas.analyst, project=settled)
    _, (first,) = held(committee, personas.secretary, [case], days_from_now=-60)
    decide(first, personas.secretary, "E")
    assert not ethics_advice_allows(ask(personas.analyst, settled, [own_dataset])).passed
    _, (second,) = held(committee, personas.secretary, [case], days_from_now=-5)
    decide(second, personas.secretary, "B")
    assert ethics_advice_allows(ask(personas.analyst, settled, [own_dataset])).passed


def test_a_withdrawn_case_no_longer_counts(committee, personas, own_dataset, settled):
    case = submit(committee, personas.analyst, project=settled)
    _, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, "E")
    case.refresh_from_db()
    case_withdraw(case=case, actor=personas.analyst, reason="Stopped", expected_version=case.version)
    assert ethics_advice_allows(ask(personas.analyst, settled, [own_dataset])).passed


@pytest.mark.parametrize("option", ["D", "E"])
def test_stopping_advice_suspends_the_projects_grants_once_the_minutes_are_drafted(
    committee, personas, own_dataset, settled, option
):
    access = granted(personas, own_dataset, settled)
    case = submit(committee, personas.analyst, project=settled)
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, option)
    access.refresh_from_db()
    assert access.status == GrantStatus.ACTIVE  # still being written: a slip of the mouse stops nothing
    approved(meeting, personas.secretary)
    access.refresh_from_db()
    assert access.status == GrantStatus.SUSPENDED
    assert f"option {option}" in access.ended_reason and case.reference in access.ended_reason


def test_other_advice_leaves_the_grants_alone(committee, personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    case = submit(committee, personas.analyst, project=settled)
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, "C")
    approved(meeting, personas.secretary)
    access.refresh_from_db()
    assert access.status == GrantStatus.ACTIVE


def test_an_amendment_to_e_suspends_at_once(committee, personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    case = submit(committee, personas.analyst, project=settled)
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, "A")
    approved(meeting, personas.secretary)
    hearing.refresh_from_db()
    hearing_save_minutes(
        hearing=hearing,
        actor=personas.secretary,
        expected_version=hearing.version,
        reason="The vote was misrecorded: the committee chose E.",
        option="E",
        vote="unanimous",
    )
    access.refresh_from_db()
    assert access.status == GrantStatus.SUSPENDED
