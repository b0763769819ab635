"""Each exception (a number that should be zero) appears when its condition holds, and links to the
offending records, on the dashboard and on its list."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from dpia.services.assessments import consultation_save
from ethics.models import CaseStatus, MeetingStatus
from isa.models import AccessGrant, GrantStatus
from isa.services.agreements import agreement_terminate
from retention.models import DisposalConfirmation
from retention.services import dataset_set_schedule, schedule_create
from retention.sweep import sweep
from tests.dashboard.conftest import TODAY, aware, dashboard, decide, held
from tests.ethics.conftest import move


def exceptions_section(page: str) -> str:
    return re.search(r'<section class="app-dashboard-section" id="exceptions".*?</section>', page, re.S).group(0)


def count_of(response, key: str) -> int:
    return response.context["dashboard"].figure(key).total


def assert_flags(client, personas, key: str, record, url: str | None = None) -> None:
    """The exception counts one record, links to it from the dashboard, and lists it (with its link)."""
    response = dashboard(client, personas.siro)
    assert count_of(response, key) == 1
    url = url or record.get_absolute_url()
    assert f'href="{url}"' in exceptions_section(response.text)
    assert client.get(url, follow=True).status_code == 200  # the SIRO may open what the dashboard links to
    listed = client.get(reverse("dashboard:figure_list", args=[key]))
    assert listed.context["page"].paginator.count == 1
    assert f'href="{url}"' in listed.text


def test_with_nothing_wrong_every_exception_is_none(client, personas, world):
    # The world has an overdue review, an overdue action and an unconsulted high risk; put them right.
    from dpia.models import RemedialAction, Screening

    Screening.objects.filter(pk=world.overdue_review.pk).update(due_on=TODAY + datetime.timedelta(days=1))
    RemedialAction.objects.filter(pk=world.overdue_action.pk).update(due_on=TODAY)
    consultation_save(assessment=world.assessment, actor=personas.analyst, sent_on=TODAY)
    response = dashboard(client, personas.siro)
    assert response.context["dashboard"].exception_count == 0
    section = exceptions_section(response.text)
    checks = len(response.context["dashboard"].exceptions)
    assert checks >= 6 and section.count("govuk-tag--green") == checks and "govuk-tag--red" not in section


class TestEachException:
    def test_an_overdue_dpo_review(self, client, personas, world):
        assert_flags(client, personas, "overdue-dpo-reviews", world.overdue_review)

    def test_an_overdue_remedial_action(self, client, personas, world):
        assert_flags(client, personas, "overdue-remedial-actions", world.overdue_action)
        assert world.overdue_action.get_absolute_url() == world.conditional.get_absolute_url()

    def test_a_residual_high_risk_without_a_consultation_with_the_ico(self, client, personas, world):
        assert_flags(client, personas, "residual-high-without-consultation", world.assessment)
        consultation_save(assessment=world.assessment, actor=personas.analyst, sent_on=TODAY)
        response = dashboard(client, personas.siro)
        assert count_of(response, "residual-high-without-consultation") == 0
        assert response.context["dashboard"].figure("residual-high-risk").bars[2].value == 1  # waiting for a reply

    def test_a_grant_left_active_on_an_agreement_no_longer_in_force(self, client, personas, world):
        agreement = agreement_terminate(
            agreement=world.agreement, actor=personas.dpo, reason="Ended.", expected_version=world.agreement.version
        )
        assert AccessGrant.objects.get(pk=world.partner_grant.pk).status == GrantStatus.SUSPENDED
        assert count_of(dashboard(client, personas.siro), "grants-without-agreement-in-force") == 0
        # A lapse: the grant is active again although its agreement ended.
        AccessGrant.objects.filter(pk=world.partner_grant.pk).update(status=GrantStatus.ACTIVE, ended_at=None)
        assert agreement.status == "terminated"
        assert_flags(client, personas, "grants-without-agreement-in-force", world.partner_grant)

    def test_a_grant_for_a_project_the_committee_advised_e(self, client, personas, world, committee):
        world.case.refresh_from_db()
        assert world.case.status == CaseStatus.CONDITIONS
        meeting, (hearing,) = held(committee, personas.secretary, [world.case], days_from_now=-2)
        decide(hearing, personas.secretary, "E")
        # Option E is in the draft minutes; the grants are suspended only once the minutes are drafted.
        assert AccessGrant.objects.get(pk=world.grant.pk).status == GrantStatus.ACTIVE
        assert_flags(client, personas, "grants-against-ethics-advice", world.grant)
        move(meeting, personas.secretary, MeetingStatus.MINUTES_DRAFTED)
        assert AccessGrant.objects.get(pk=world.grant.pk).status == GrantStatus.SUSPENDED
        assert count_of(dashboard(client, personas.siro), "grants-against-ethics-advice") == 0

    def test_a_later_advice_to_go_ahead_clears_an_earlier_e(self, client, personas, world, committee):
        # Only the project's latest advice counts: E at one meeting, then A at the next.
        world.case.refresh_from_db()
        _, (hearing,) = held(committee, personas.secretary, [world.case], days_from_now=-3)
        decide(hearing, personas.secretary, "E")
        assert_flags(client, personas, "grants-against-ethics-advice", world.grant)
        _, (again,) = held(committee, personas.secretary, [world.case], days_from_now=-1)
        decide(again, personas.secretary, "A")
        assert AccessGrant.objects.get(pk=world.grant.pk).status == GrantStatus.ACTIVE
        assert count_of(dashboard(client, personas.siro), "grants-against-ethics-advice") == 0

    def test_an_overdue_confirmation_of_deletion_at_the_source(self, client, personas, world):
        AccessGrant.objects.filter(pk=world.grant.pk).update(
            status=GrantStatus.REVOKED, ended_at=aware(datetime.date(2025, 1, 5))
        )
        schedule = schedule_create(actor=personas.dpo, record_type="external_dataset", name="Archives: 12 months",
                                   period_value=12, period_unit="months", trigger="closed", action="confirm",
                                   authority="NDAS DPIA")  # fmt: skip
        dataset_set_schedule(dataset=world.dataset, actor=personas.dpo, schedule=schedule)
        sweep(today=TODAY)
        confirmation = DisposalConfirmation.objects.get()
        assert confirmation.overdue(TODAY)
        assert_flags(client, personas, "overdue-disposal-confirmations", confirmation)
        # Not yet overdue while within the schedule's notice after the due date.
        DisposalConfirmation.objects.filter(pk=confirmation.pk).update(due_on=TODAY - datetime.timedelta(days=29))
        assert count_of(dashboard(client, personas.siro), "overdue-disposal-confirmations") == 0


@pytest.mark.parametrize("persona", ["siro", "dpo", "auditor"])
def test_the_dashboard_counts_the_exceptions_to_act_on(client, personas, world, persona):
    response = dashboard(client, getattr(personas, persona))
    assert response.context["dashboard"].exception_count == 3
    assert "Exceptions (3 to act on)" in response.text
