"""The breach services: the report, the decision rules, the transitions and stale edits."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from breaches.models import Breach, BreachStatus, RiskLevel, risk_level
from breaches.services import (
    action_add,
    action_done,
    breach_assess_risk,
    breach_close,
    breach_decide_ico,
    breach_decide_individuals,
    breach_report,
    breach_update,
)
from governance.workflow import EditConflict, IllegalTransition
from tests.breaches.conftest import FRIDAY, assessed, local, recorded, reported, reported_to_ico
from tests.factories import DatasetFactory
from tests.isa.conftest import in_force


class TestReport:
    def test_the_dpo_is_told_after_the_commit(self, personas, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            breach = breach_report(
                actor=personas.analyst,
                summary="Laptop stolen from a car",
                discovered_at=FRIDAY,
                data_involved="Witness statements",
                people_affected=12,
            )
        assert [message.to for message in mail.outbox] == [[personas.dpo.email]]
        assert breach.reference in mail.outbox[0].subject
        assert "Monday 9 March 2026, 16:30" in mail.outbox[0].body
        assert f"/breaches/{breach.pk}/" in mail.outbox[0].body

    def test_a_named_dpo_is_told_once_however_often_the_task_runs(self, personas, django_capture_on_commit_callbacks):
        from breaches.tasks import send_breach_notice

        personas.organisation.dpo = personas.dpo
        personas.organisation.save()
        with django_capture_on_commit_callbacks(execute=True):
            breach = reported(personas.analyst)
        assert send_breach_notice(breach.pk, "reported") is False
        assert len(mail.outbox) == 1

    def test_it_starts_reported_with_the_clock_from_discovery(self, personas):
        breach = reported(personas.analyst)
        assert breach.status == BreachStatus.REPORTED
        assert breach.reference.startswith("WMP-BR-2026-")
        assert breach.aware_at == FRIDAY
        assert breach.history.get().history_change_reason == "Reported"

    def test_a_discovery_in_the_future_is_refused(self, personas):
        with pytest.raises(ValidationError) as error:
            breach_report(
                actor=personas.analyst,
                summary="x",
                data_involved="y",
                people_affected=1,
                discovered_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2),
            )
        assert "discovered_at" in error.value.message_dict


class TestRisk:
    @pytest.mark.parametrize(
        ("likelihood", "severity", "level"),
        [
            ("remote", "minimal", RiskLevel.NONE),
            ("remote", "significant", RiskLevel.NONE),
            ("possible", "minimal", RiskLevel.NONE),
            ("remote", "severe", RiskLevel.RISK),
            ("possible", "significant", RiskLevel.RISK),
            ("likely", "minimal", RiskLevel.RISK),
            ("possible", "severe", RiskLevel.HIGH),
            ("likely", "significant", RiskLevel.HIGH),
            ("likely", "severe", RiskLevel.HIGH),
        ],
    )
    def test_likelihood_and_severity_give_the_risk(self, likelihood, severity, level):
        assert risk_level(likelihood, severity) == level

    def test_assessing_starts_the_assessment_and_needs_reasons(self, personas):
        breach = reported(personas.analyst)
        with pytest.raises(ValidationError, match="reasons"):
            breach_assess_risk(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                likelihood="likely",
                severity="severe",
                reasons=" ",
            )
        breach = breach_assess_risk(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            likelihood="likely",
            severity="severe",
            reasons="Victims could be found.",
        )
        assert (breach.status, breach.risk_level) == (BreachStatus.ASSESSING, RiskLevel.HIGH)

    def test_the_risk_cannot_change_once_the_ico_decision_rests_on_it(self, personas):
        breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo, "high"), personas.dpo)
        with pytest.raises(IllegalTransition):
            breach_assess_risk(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                likelihood="remote",
                severity="minimal",
                reasons="Lower now.",
            )


class TestIcoDecision:
    @pytest.mark.parametrize("level", ["risk", "high"])
    def test_not_reportable_is_refused_when_there_is_a_risk(self, personas, level):
        breach = assessed(reported(personas.analyst), personas.dpo, level)
        with pytest.raises(ValidationError, match="not reportable only when it is unlikely to result in a risk"):
            breach_decide_ico(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                decision="not_reportable",
                reasons="We think it is fine.",
            )
        breach.refresh_from_db()
        assert breach.status == BreachStatus.ASSESSING

    def test_not_reportable_with_reasons_when_unlikely_to_result_in_a_risk(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "none")
        breach = breach_decide_ico(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_reportable",
            reasons="Deleted unread within minutes.",
        )
        assert breach.status == BreachStatus.NOT_REPORTABLE
        assert breach.ico_reasons == "Deleted unread within minutes."

    def test_a_decision_needs_a_risk_assessment(self, personas):
        breach = recorded(reported(personas.analyst), personas.dpo)
        with pytest.raises(ValidationError, match="Assess the risk"):
            reported_to_ico(breach, personas.dpo)

    def test_a_report_in_time_needs_no_reasons_for_delay(self, personas):
        breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo), personas.dpo, hours=71)
        assert breach.status == BreachStatus.REPORTED_TO_ICO
        assert not breach.ico_clock().late

    def test_a_late_report_needs_the_reasons_for_the_delay(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo)
        with pytest.raises(ValidationError) as error:
            reported_to_ico(breach, personas.dpo, hours=73)
        assert "late_reasons" in error.value.message_dict
        breach = reported_to_ico(breach, personas.dpo, hours=73, late_reasons="The extent was unclear until Tuesday.")
        assert breach.ico_clock().late and breach.late_reasons.startswith("The extent")

    def test_a_report_needs_its_time_and_reference_and_cannot_precede_awareness(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo)
        with pytest.raises(ValidationError) as error:
            breach_decide_ico(
                breach=breach, actor=personas.dpo, expected_version=breach.version, decision="report", reasons="Risk."
            )
        assert {"reported_at", "ico_reference"} <= set(error.value.message_dict)
        with pytest.raises(ValidationError, match="before the organisation knew"):
            reported_to_ico(breach, personas.dpo, hours=-2)


class TestTellingPeople:
    def test_high_risk_not_told_needs_an_exemption_with_reasons(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "high")
        with pytest.raises(ValidationError, match="choose the exemption"):
            breach_decide_individuals(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                decision="not_tell",
                reasons="Rather not.",
            )
        with pytest.raises(ValidationError, match="reasons"):
            breach_decide_individuals(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                decision="not_tell",
                exemption="unintelligible",
                reasons="",
            )
        breach = breach_decide_individuals(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_tell",
            exemption="unintelligible",
            reasons="The laptop's disk was encrypted (BitLocker, key not taken).",
        )
        assert breach.tell_exemption == "unintelligible"

    def test_part3_restrictions_are_not_open_to_a_uk_gdpr_breach(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "high", regime="uk_gdpr")
        with pytest.raises(ValidationError, match="exemption"):
            breach_decide_individuals(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                decision="not_tell",
                exemption="s68_7_b",
                reasons="Live investigation.",
            )

    def test_a_part3_breach_may_be_withheld_to_avoid_prejudicing_an_investigation(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "high", regime="part3")
        breach = breach_decide_individuals(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_tell",
            exemption="s68_7_b",
            reasons="Telling the suspects would alert them to a live operation.",
        )
        assert breach.get_tell_exemption_display().startswith("s.68(7)(b)")

    def test_disproportionate_effort_needs_a_public_communication(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "high")
        with pytest.raises(ValidationError, match="public communication"):
            breach_decide_individuals(
                breach=breach,
                actor=personas.dpo,
                expected_version=breach.version,
                decision="not_tell",
                exemption="disproportionate",
                reasons="No addresses.",
            )
        breach = breach_decide_individuals(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_tell",
            exemption="disproportionate",
            reasons="No addresses.",
            public_communication="A notice on the force website and in the press.",
        )
        assert breach.public_communication.startswith("A notice")

    def test_a_lower_risk_may_go_untold_without_an_exemption(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "risk")
        breach = breach_decide_individuals(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_tell",
            exemption="unintelligible",
            reasons="Not high.",
        )
        assert (breach.tell_decision, breach.tell_exemption) == ("not_tell", "")


class TestTransitions:
    def test_the_whole_journey_is_in_the_history(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "high")
        breach = reported_to_ico(breach, personas.dpo)
        breach = breach_decide_individuals(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="tell",
            reasons="High risk.",
            told_at=breach.aware_at + datetime.timedelta(days=2),
        )
        action = action_add(breach=breach, actor=personas.dpo, description="Recall the e-mail", owner=personas.iao)
        action_done(action=action, actor=personas.iao)
        breach = breach_close(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            lessons="Turn off address auto-complete for external recipients.",
        )
        statuses = [row.status for row in breach.history.order_by("history_date", "history_id")]
        assert statuses[0] == "reported" and statuses[-1] == "closed"
        assert "assessing" in statuses and "reported_to_ico" in statuses
        assert breach.closed_by == personas.dpo

    def test_a_new_report_cannot_be_decided_or_closed(self, personas):
        breach = reported(personas.analyst)
        with pytest.raises(IllegalTransition, match="Assess the breach"):
            reported_to_ico(breach, personas.dpo)
        with pytest.raises(IllegalTransition, match="reported cannot be made closed"):
            breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="None.")

    def test_an_assessment_cannot_be_closed_before_the_ico_decision(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "none")
        with pytest.raises(IllegalTransition, match="being assessed cannot be made closed"):
            breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="None.")

    def test_the_ico_decision_is_made_once(self, personas):
        breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo), personas.dpo)
        with pytest.raises(IllegalTransition):
            reported_to_ico(breach, personas.dpo)

    def test_a_closed_breach_changes_no_more(self, personas):
        breach = assessed(reported(personas.analyst), personas.dpo, "none")
        breach = breach_decide_ico(
            breach=breach,
            actor=personas.dpo,
            expected_version=breach.version,
            decision="not_reportable",
            reasons="Contained.",
        )
        breach = breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="Train.")
        with pytest.raises(IllegalTransition):
            recorded(breach, personas.dpo)
        with pytest.raises(IllegalTransition):
            action_add(breach=breach, actor=personas.dpo, description="More", owner=personas.dpo)

    def test_closing_needs_actions_done_and_the_people_decision_for_a_high_risk(self, personas):
        breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo, "high"), personas.dpo)
        action_add(breach=breach, actor=personas.dpo, description="Recall the e-mail", owner=personas.iao)
        with pytest.raises(ValidationError) as error:
            breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="Lessons.")
        assert len(error.value.messages) == 2
        breach = breach_decide_individuals(
            breach=breach, actor=personas.dpo, expected_version=breach.version, decision="tell", reasons="High risk."
        )
        for action in breach.actions.all():
            action_done(action=action, actor=personas.iao)
        with pytest.raises(ValidationError, match="when the people affected were told"):
            breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="Lessons.")
        with pytest.raises(ValidationError, match="lessons"):
            breach_close(breach=breach, actor=personas.dpo, expected_version=breach.version, lessons="  ")

    def test_an_action_is_done_once_and_owned_inside_the_organisation(self, personas):
        breach = reported(personas.analyst)
        with pytest.raises(ValidationError, match="your organisation"):
            action_add(breach=breach, actor=personas.dpo, description="Recall", owner=personas.outsider)
        action = action_add(breach=breach, actor=personas.dpo, description="Recall", owner=personas.iao)
        action_done(action=action, actor=personas.iao)
        with pytest.raises(IllegalTransition):
            action_done(action=action, actor=personas.iao)


class TestRecord:
    def test_a_stale_edit_is_refused_with_who_changed_it(self, personas):
        breach = reported(personas.analyst)
        stale = breach.version
        recorded(breach, personas.dpo)
        with pytest.raises(EditConflict, match="while you were editing"):
            breach_update(
                breach=breach,
                actor=personas.dpo,
                expected_version=stale,
                regime="part3",
                aware_at=breach.aware_at,
                data_categories=[],
                special_categories=[],
                people_affected=3,
            )

    def test_the_awareness_cannot_move_once_the_ico_decision_is_made(self, personas):
        breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo), personas.dpo)
        with pytest.raises(ValidationError, match="no longer change"):
            recorded(breach, personas.dpo, aware_at=FRIDAY + datetime.timedelta(hours=5))

    def test_partners_are_the_other_parties_and_the_dataset_owners(self, personas, partner_dataset):
        from breaches.partners import partner_organisations
        from tests.factories import OrganisationFactory

        vrp = OrganisationFactory(name="West Midlands Violence Reduction Partnership", short_code="WMVRP")
        crime = DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
        agreement = in_force(personas.dpo, personas.organisation, vrp, [crime])
        breach = recorded(reported(personas.analyst), personas.dpo, datasets=[crime], agreements=[agreement])
        assert {o.name for o in partner_organisations(breach)} == {vrp.name}
        assert "data_categories" in Breach.JSON_CHOICES

    def test_only_datasets_and_agreements_the_dpo_can_see(self, personas, partner_dataset):
        breach = reported(personas.analyst)
        with pytest.raises(ValidationError) as error:
            recorded(breach, personas.dpo, datasets=[partner_dataset])
        assert "datasets" in error.value.message_dict

    def test_aware_time_may_be_corrected_with_a_reason(self, personas):
        breach = reported(personas.analyst)
        earlier = local(2026, 3, 6, 9, 0)
        breach = recorded(breach, personas.dpo, aware_at=earlier, reason="The team leader knew at 09:00.")
        assert breach.ico_clock().due_at == local(2026, 3, 9, 9, 0)
        assert "The team leader knew at 09:00." in breach.history.first().history_change_reason
