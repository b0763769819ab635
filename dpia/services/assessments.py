"""The stage-2 assessment: opened from a screening with outcome C, worked through the ICO's seven
steps, and signed off only when every residual high risk has been taken to the ICO."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpia.answers import answers_of, show
from dpia.models import (
    ASSESSMENT_WORKFLOW,
    Assessment,
    AssessmentStatus,
    DpoAdvice,
    Measure,
    PriorConsultation,
    Risk,
    RiskLevel,
    Screening,
)
from dpia.questions import QUESTIONS
from governance.models import User
from governance.permissions import grant
from governance.references import next_reference
from governance.services.common import locked_for_update, save_with_history
from governance.workflow import IllegalTransition

STEP_FIELDS = {
    "need": ("need",),
    "description": ("nature", "scope", "context", "purposes"),
    "consultation": ("consultation",),
    "necessity": ("necessity_proportionality",),
}
EDITOR_ACTIONS = ("view", "change")
_LEVEL_ORDER = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def _answer(answers: dict[str, Any], key: str, org: str) -> str:
    question = QUESTIONS[key]
    return f"{question.label(org)}\n{show(question, answers.get(key), org)}"


def assessment_open(*, screening: Screening, actor: User) -> Assessment:
    """Open the full DPIA for a screening with outcome C, prefilled from its answers."""
    existing = Assessment.objects.filter(screening=screening).first()
    if existing is not None:
        return existing
    answers = answers_of(screening)
    org = screening.organisation.short_code
    from dpia.indicators import indicators

    found = indicators(answers)
    assessment = Assessment(
        reference=next_reference(screening.organisation, "DPIA2"),
        organisation=screening.organisation,
        project=screening.project,
        screening=screening,
        need="The stage-1 screening "
        f"{screening.reference} was decided C (DPIA is mandatory).\n"
        + "\n".join(f"{i.source}: {i.name}" for i in found),
        nature="\n\n".join(_answer(answers, key, org) for key in ("collection", "use")),
        scope="\n\n".join(_answer(answers, key, org) for key in ("personal_data", "special_categories", "volume")),
        context=_answer(answers, "data_subjects", org),
        purposes=_answer(answers, "aim_and_purpose", org),
        necessity_proportionality="\n\n".join(_answer(answers, key, org) for key in ("necessity", "proportionality")),
    )
    save_with_history(assessment, actor, "Opened from the screening's outcome C")
    people = {screening.author, screening.project.lead}
    for person in people:
        grant(person, assessment, EDITOR_ACTIONS)
    return assessment


def _editable(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.IN_PROGRESS:
        raise IllegalTransition("A signed-off assessment cannot be changed; start a review instead.")


def _lock_in_progress(assessment_id: int) -> Assessment:
    """Lock the assessment (call inside a transaction) and refuse if it is no longer in progress, so a
    risk cannot be added to an assessment signed off a moment ago."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    _editable(assessment)
    return assessment


def assessment_update_step(
    *, assessment: Assessment, actor: User, step: str, values: dict[str, str], expected_version: int
) -> Assessment:
    fields = STEP_FIELDS.get(step)
    if fields is None or set(values) - set(fields):
        raise ValidationError("That is not a step of the assessment.")
    with transaction.atomic():
        locked = locked_for_update(Assessment, assessment.pk, expected_version)
        _editable(locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.version += 1
        save_with_history(locked, actor)
    return locked


@transaction.atomic
def risk_save(*, assessment: Assessment, actor: User, risk: Risk | None = None, **fields: Any) -> Risk:
    _lock_in_progress(assessment.pk)
    risk = risk or Risk(assessment=assessment)
    for name, value in fields.items():
        setattr(risk, name, value)
    save_with_history(risk, actor)
    return risk


@transaction.atomic
def measure_save(*, risk: Risk, actor: User, measure: Measure | None = None, **fields: Any) -> Measure:
    _lock_in_progress(risk.assessment_id)
    measure = measure or Measure(risk=risk)
    for name, value in fields.items():
        setattr(measure, name, value)
    save_with_history(measure, actor)
    return measure


def residual_level(risk: Risk) -> RiskLevel:
    """The risk left once its measures are in place: the lowest residual any measure reaches, or the
    risk itself where it has no measure yet."""
    levels = [RiskLevel(m.residual_risk) for m in risk.measures.all()]
    if not levels:
        return risk.level
    return min(levels, key=lambda level: _LEVEL_ORDER[level])


def residual_high_risks(assessment: Assessment) -> list[Risk]:
    return [risk for risk in assessment.risks.prefetch_related("measures") if residual_level(risk) == RiskLevel.HIGH]


def consultation_save(
    *, assessment: Assessment, actor: User, consultation: PriorConsultation | None = None, **fields: Any
) -> PriorConsultation:
    """Record a prior consultation with the ICO, or its reply; the reply often comes after sign-off."""
    consultation = consultation or PriorConsultation(assessment=assessment)
    for name, value in fields.items():
        setattr(consultation, name, value)
    if consultation.replied_on and consultation.replied_on < consultation.sent_on:
        raise ValidationError({"replied_on": "The ICO's reply must be on or after the date it was sent"})
    save_with_history(consultation, actor)
    return consultation


def assessment_record_dpo_advice(
    *, assessment: Assessment, actor: User, advice: str, expected_version: int
) -> Assessment:
    if not advice.strip():
        raise ValidationError({"advice": "Enter your advice"})
    with transaction.atomic():
        locked = locked_for_update(Assessment, assessment.pk, expected_version)
        _editable(locked)
        locked.dpo_advice = advice.strip()
        locked.dpo_advice_by = actor
        locked.version += 1
        save_with_history(locked, actor, "DPO advice recorded")
    return locked


def assessment_sign_off(
    *,
    assessment: Assessment,
    actor: User,
    expected_version: int,
    measures_approved_by: User,
    residual_risks_approved_by: User,
    dpo_advice_response: str,
    overrule_reasons: str,
    kept_under_review_by: User,
    next_review_on: datetime.date,
) -> Assessment:
    """Record the sign-off (step 7). Refused while a residual high risk has no prior consultation with
    the ICO, or before the DPO has advised."""
    errors: dict[str, str] = {}
    if dpo_advice_response == DpoAdvice.OVERRULED and not overrule_reasons.strip():
        errors["overrule_reasons"] = "Enter why the DPO's advice is overruled"
    if next_review_on <= timezone.localdate():
        errors["next_review_on"] = "The next review date must be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(Assessment, assessment.pk, expected_version)
        ASSESSMENT_WORKFLOW.check(locked.status, AssessmentStatus.SIGNED_OFF)
        if not locked.dpo_advice:
            raise ValidationError("The DPO has not given their advice yet.")
        if not locked.risks.exists():
            raise ValidationError("Identify and assess the risks (step 5) before signing off.")
        if residual_high_risks(locked) and not locked.consultations.exists():
            raise ValidationError(
                "A high risk remains after the measures: record the prior consultation with the ICO before signing off."
            )
        locked.measures_approved_by = measures_approved_by
        locked.residual_risks_approved_by = residual_risks_approved_by
        locked.dpo_advice_response = dpo_advice_response
        locked.overrule_reasons = overrule_reasons.strip()
        locked.kept_under_review_by = kept_under_review_by
        locked.next_review_on = next_review_on
        locked.signed_off_at = timezone.now()
        locked.signed_off_by = actor
        locked.status = AssessmentStatus.SIGNED_OFF
        locked.version += 1
        save_with_history(locked, actor, "Signed off")
    return locked
