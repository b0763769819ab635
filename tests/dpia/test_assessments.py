from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dpia.models import Assessment, AssessmentStatus, Likelihood, RiskLevel, Severity, risk_level
from dpia.services.assessments import (
    assessment_record_dpo_advice,
    assessment_sign_off,
    consultation_save,
    measure_save,
    residual_high_risks,
    risk_save,
)
from dpia.services.screenings import screening_decide
from governance.workflow import IllegalTransition
from tests.dpia.conftest import submitted

MATRIX = {
    (Likelihood.REMOTE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SIGNIFICANT): RiskLevel.LOW,
    (Likelihood.REMOTE, Severity.SEVERE): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.MINIMAL): RiskLevel.LOW,
    (Likelihood.POSSIBLE, Severity.SIGNIFICANT): RiskLevel.MEDIUM,
    (Likelihood.POSSIBLE, Severity.SEVERE): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.MINIMAL): RiskLevel.MEDIUM,
    (Likelihood.PROBABLE, Severity.SIGNIFICANT): RiskLevel.HIGH,
    (Likelihood.PROBABLE, Severity.SEVERE): RiskLevel.HIGH,
}


@pytest.mark.parametrize(("cell", "level"), MATRIX.items(), ids=[f"{a.label}-{b.label}" for a, b in MATRIX])
def test_the_three_by_three_matrix(cell, level):
    assert risk_level(*cell) == level


@pytest.fixture
def assessment(personas) -> Assessment:
    screening = submitted(personas.analyst, profiling="yes", profiling_details="Scores offenders.")
    screening = screening_decide(
        screening=screening,
        actor=personas.dpo,
        outcome="C",
        reasons="High risk.",
        expected_version=screening.version,
    )
    return screening.assessment


def sign_off(assessment, personas, **overrides):
    assessment.refresh_from_db()
    fields = dict(
        assessment=assessment,
        actor=personas.analyst,
        expected_version=assessment.version,
        measures_approved_by=personas.iao,
        residual_risks_approved_by=personas.siro,
        dpo_advice_response="accepted",
        overrule_reasons="",
        kept_under_review_by=personas.dpo,
        next_review_on=datetime.date.today() + datetime.timedelta(days=365),
    )
    fields.update(overrides)
    return assessment_sign_off(**fields)


def advise(assessment, personas):
    assessment.refresh_from_db()
    return assessment_record_dpo_advice(
        assessment=assessment,
        actor=personas.dpo,
        advice="Proceed with the measures.",
        expected_version=assessment.version,
    )


def high_risk(assessment, personas, residual="high"):
    risk = risk_save(
        assessment=assessment,
        actor=personas.analyst,
        description="Re-identification of victims.",
        source="Data matching",
        likelihood=3,
        severity=3,
    )
    measure_save(
        risk=risk,
        actor=personas.analyst,
        description="Pseudonymise before matching.",
        effect="reduced",
        residual_risk=residual,
        approved=True,
    )
    return risk


class TestSignOff:
    def test_a_residual_high_risk_needs_the_ico_consulted_first(self, personas, assessment):
        high_risk(assessment, personas)
        advise(assessment, personas)
        assert len(residual_high_risks(assessment)) == 1
        with pytest.raises(ValidationError, match="prior consultation"):
            sign_off(assessment, personas)
        consultation = consultation_save(
            assessment=assessment, actor=personas.analyst, sent_on=datetime.date(2027, 2, 1)
        )
        assert consultation.reply_due_on == datetime.date(2027, 3, 29)  # 8 weeks
        consultation = consultation_save(
            assessment=assessment, actor=personas.analyst, consultation=consultation, extended=True
        )
        assert consultation.reply_due_on == datetime.date(2027, 5, 10)  # and 6 more
        signed = sign_off(assessment, personas)
        assert signed.status == AssessmentStatus.SIGNED_OFF
        assert signed.screening.is_settled

    def test_a_measure_that_brings_the_risk_down_needs_no_consultation(self, personas, assessment):
        high_risk(assessment, personas, residual="low")
        advise(assessment, personas)
        assert residual_high_risks(assessment) == []
        assert sign_off(assessment, personas).is_signed_off

    def test_a_high_risk_with_no_measure_is_still_high(self, personas, assessment):
        risk_save(
            assessment=assessment,
            actor=personas.analyst,
            description="x",
            source="y",
            likelihood=2,
            severity=3,
        )
        assert len(residual_high_risks(assessment)) == 1

    def test_overruling_the_dpo_needs_reasons(self, personas, assessment):
        high_risk(assessment, personas, residual="low")
        advise(assessment, personas)
        with pytest.raises(ValidationError) as error:
            sign_off(assessment, personas, dpo_advice_response="overruled")
        assert "overrule_reasons" in error.value.message_dict
        assert sign_off(
            assessment,
            personas,
            dpo_advice_response="overruled",
            overrule_reasons="The SIRO accepts the risk for an 8-week pilot.",
        ).is_signed_off

    def test_the_dpo_must_advise_and_risks_must_be_assessed_first(self, personas, assessment):
        with pytest.raises(ValidationError, match="DPO has not given"):
            sign_off(assessment, personas)
        advise(assessment, personas)
        with pytest.raises(ValidationError, match="risks"):
            sign_off(assessment, personas)

    def test_a_signed_off_assessment_is_not_changed_again(self, personas, assessment):
        high_risk(assessment, personas, residual="low")
        advise(assessment, personas)
        sign_off(assessment, personas)
        with pytest.raises(IllegalTransition):
            risk_save(
                assessment=assessment,
                actor=personas.analyst,
                description="late",
                source="x",
                likelihood=1,
                severity=1,
            )
        # The ICO's written reply can still be recorded: it often arrives after sign-off.
        consultation = consultation_save(
            assessment=assessment,
            actor=personas.analyst,
            sent_on=datetime.date(2027, 2, 1),
            replied_on=datetime.date(2027, 3, 20),
            outcome="No objection.",
        )
        assert consultation.pk is not None and consultation.replied_on == datetime.date(2027, 3, 20)

    def test_a_reply_before_sending_is_refused(self, personas, assessment):
        with pytest.raises(ValidationError):
            consultation_save(
                assessment=assessment,
                actor=personas.analyst,
                sent_on=datetime.date(2027, 2, 1),
                replied_on=datetime.date(2027, 1, 1),
            )


class TestAssessmentPages:
    def test_the_page_shows_the_matrix_and_steps(self, client, personas, assessment):
        high_risk(assessment, personas)
        client.force_login(personas.analyst)
        page = client.get(assessment.get_absolute_url()).text
        assert "Step 1: Identify the need for a DPIA" in page
        assert "app-matrix__cell--high" in page and "Risk 1" in page
        assert "Consult the ICO before the processing starts" in page

    def test_the_authors_work_through_the_steps_in_the_browser(self, client, personas, assessment):
        client.force_login(personas.analyst)
        response = client.post(
            reverse("dpia:assessment_step", args=[assessment.pk, "consultation"]),
            {"consultation": "Met the ethics committee.", "version": assessment.version},
        )
        assert response.status_code == 302
        response = client.post(
            reverse("dpia:risk_add", args=[assessment.pk]),
            {"description": "Breach", "source": "Attack", "likelihood": "1", "severity": "3"},
        )
        assert response.status_code == 302
        risk = assessment.risks.get()
        assert risk.level == RiskLevel.MEDIUM
        response = client.post(
            reverse("dpia:measure_add", args=[assessment.pk, risk.pk]),
            {"description": "Encrypt", "effect": "reduced", "residual_risk": "low", "approved": "on"},
        )
        assert response.status_code == 302
        assert risk.measures.get().approved

    def test_the_dpo_advises_and_the_lead_signs_off(self, client, personas, assessment):
        high_risk(assessment, personas, residual="low")
        client.force_login(personas.dpo)
        client.post(
            reverse("dpia:assessment_advice", args=[assessment.pk]),
            {"advice": "Proceed.", "version": assessment.version},
        )
        assessment.refresh_from_db()
        assert assessment.dpo_advice_by == personas.dpo
        client.force_login(personas.analyst)
        response = client.post(
            reverse("dpia:assessment_sign_off", args=[assessment.pk]),
            {
                "measures_approved_by": personas.iao.pk,
                "residual_risks_approved_by": personas.siro.pk,
                "dpo_advice_response": "overruled",
                "overrule_reasons": "",
                "kept_under_review_by": personas.dpo.pk,
                "next_review_on_0": "1",
                "next_review_on_1": "12",
                "next_review_on_2": str(datetime.date.today().year + 1),
                "version": assessment.version,
            },
        )
        assert "Enter why the DPO" in response.text
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.IN_PROGRESS

    @pytest.mark.parametrize("name", ["assessment_detail", "assessment_history", "assessment_advice", "risk_add"])
    def test_another_organisation_gets_404(self, client, personas, assessment, name):
        client.force_login(personas.outsider_dpo)
        assert client.get(reverse(f"dpia:{name}", args=[assessment.pk])).status_code == 404

    @pytest.mark.parametrize("persona", ["siro", "auditor", "dpo"])
    def test_readers_cannot_edit_the_steps(self, client, personas, assessment, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(assessment.get_absolute_url()).status_code == 200
        assert client.get(reverse("dpia:assessment_step", args=[assessment.pk, "need"])).status_code == 403

    def test_only_the_dpo_advises(self, client, personas, assessment):
        client.force_login(personas.analyst)
        assert client.get(reverse("dpia:assessment_advice", args=[assessment.pk])).status_code == 403
