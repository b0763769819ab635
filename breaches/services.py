"""A breach's journey: reported, assessed by the DPO (the record, containment, the risk), the decision to
report to the ICO (or not), the decision to tell the people affected, and closure with lessons learnt.

The decision rules live here, so a view, a command or the admin cannot get round them: "not reportable"
only where the risk assessment says a breach is unlikely to result in a risk; a report made after the 72
hours gives the reasons for the delay; a high risk needs a decision on telling the people affected, and
not telling them needs an exemption the regime offers, with reasons.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from breaches.models import (
    BREACH_WORKFLOW,
    UNDECIDED,
    Breach,
    BreachStatus,
    ContainmentAction,
    Exemption,
    IcoDecision,
    Regime,
    RiskLevel,
    TellDecision,
    ico_due_at,
    risk_level,
)
from governance.choices import PersonalDataCategory, SpecialCategory
from governance.models import Dataset, User
from governance.references import next_reference
from governance.services.common import locked_for_update, save_with_history
from governance.workflow import IllegalTransition, ServiceError
from isa.models import Agreement


def _notify(breach: Breach, kind: str) -> None:
    from breaches.tasks import send_breach_notice

    breach_id = breach.pk
    transaction.on_commit(lambda: send_breach_notice.delay(breach_id, kind))


def _move(breach: Breach, status: str) -> None:
    BREACH_WORKFLOW.check(breach.status, status)
    breach.status = status


def _not_future(moment: datetime.datetime | None, field: str, what: str, errors: dict[str, str]) -> None:
    if moment is not None and moment > timezone.now():
        errors[field] = f"{what} must be now or in the past"


def _open(breach: Breach) -> None:
    if breach.status == BreachStatus.CLOSED:
        raise IllegalTransition("This breach is closed: its record can no longer change.")


def breach_report(
    *, actor: User, summary: str, discovered_at: datetime.datetime, data_involved: str, people_affected: int
) -> Breach:
    """Anyone signed in reports a suspected breach; it goes at once to their organisation's DPO. The clock
    starts when it was discovered (the organisation's staff knew then); the DPO may correct that."""
    if actor.organisation is None:
        raise ServiceError("Your account is not linked to an organisation, so a breach cannot be reported.")
    errors: dict[str, str] = {}
    if not summary.strip():
        errors["summary"] = "Say what happened"
    if not data_involved.strip():
        errors["data_involved"] = "Say what data was involved"
    if people_affected < 0:
        errors["people_affected"] = "The number of people must be 0 or more"
    _not_future(discovered_at, "discovered_at", "The time it was discovered", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        breach = Breach(
            reference=next_reference(actor.organisation, "BR"),
            organisation=actor.organisation,
            reported_by=actor,
            summary=summary.strip(),
            discovered_at=discovered_at,
            data_involved=data_involved.strip(),
            people_affected=people_affected,
            aware_at=discovered_at,
        )
        save_with_history(breach, actor, "Reported")
        _notify(breach, "reported")
    return breach


def _start_assessing(breach: Breach) -> str:
    """The DPO's first step on a new report starts the assessment; the history says so."""
    if breach.status == BreachStatus.REPORTED:
        _move(breach, BreachStatus.ASSESSING)
        return "Assessment started. "
    return ""


def breach_update(
    *,
    breach: Breach,
    actor: User,
    expected_version: int,
    regime: str,
    aware_at: datetime.datetime,
    data_categories: Iterable[str],
    special_categories: Iterable[str],
    people_affected: int,
    datasets: Iterable[Dataset] = (),
    agreements: Iterable[Agreement] = (),
    reason: str = "",
) -> Breach:
    """The DPO's record of the breach: the regime, when the organisation became aware, what data and how
    many people, and the datasets and agreements involved."""
    errors: dict[str, str] = {}
    if regime not in Regime.values:
        errors["regime"] = "Choose the regime the processing falls under"
    data_categories, special_categories = list(data_categories), list(special_categories)
    if set(data_categories) - set(PersonalDataCategory.values):
        errors["data_categories"] = "Choose categories from the list"
    if set(special_categories) - set(SpecialCategory.values):
        errors["special_categories"] = "Choose special categories from the list"
    if people_affected < 0:
        errors["people_affected"] = "The number of people must be 0 or more"
    _not_future(aware_at, "aware_at", "The time the organisation became aware", errors)
    datasets, agreements = list(datasets), list(agreements)
    visible_datasets = set(
        Dataset.objects.visible_to(actor).filter(pk__in=[d.pk for d in datasets]).values_list("pk", flat=True)
    )
    if any(d.pk not in visible_datasets for d in datasets):
        errors["datasets"] = "Choose only datasets in the register you can see"
    visible_agreements = set(
        Agreement.objects.visible_to(actor).filter(pk__in=[a.pk for a in agreements]).values_list("pk", flat=True)
    )
    if any(a.pk not in visible_agreements for a in agreements):
        errors["agreements"] = "Choose only agreements you can see"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(Breach, breach.pk, expected_version)
        _open(locked)
        if locked.ico_decision and aware_at != locked.aware_at:
            raise ValidationError(
                {"aware_at": "The ICO decision has been made against this time: it can no longer change"}
            )
        moved = _start_assessing(locked)
        locked.regime, locked.aware_at, locked.people_affected = regime, aware_at, people_affected
        locked.data_categories = [v for v in PersonalDataCategory.values if v in data_categories]
        locked.special_categories = [v for v in SpecialCategory.values if v in special_categories]
        locked.version += 1
        save_with_history(locked, actor, (moved + (reason.strip() or "Record updated")).strip())
        if {d.pk for d in datasets} != set(locked.datasets.values_list("pk", flat=True)):
            locked.datasets.set(datasets)
        if {a.pk for a in agreements} != set(locked.agreements.values_list("pk", flat=True)):
            locked.agreements.set(agreements)
    return locked


def breach_assess_risk(
    *, breach: Breach, actor: User, expected_version: int, likelihood: str, severity: str, reasons: str
) -> Breach:
    """Likelihood and severity of harm to the people affected give the risk: none, a risk, or a high risk.
    Assessed before the ICO decision; fixed once it is made (a new fact is recorded in the lessons)."""
    errors: dict[str, str] = {}
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the assessment"
    try:
        level = risk_level(likelihood, severity)
    except ValueError:
        errors["likelihood"] = "Choose the likelihood and the severity"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(Breach, breach.pk, expected_version)
        if locked.status not in UNDECIDED:
            raise IllegalTransition(
                "The ICO decision rests on the risk assessment already recorded: it can no longer change."
            )
        moved = _start_assessing(locked)
        locked.likelihood, locked.severity, locked.risk_level = likelihood, severity, level
        locked.risk_reasons = reasons.strip()
        locked.version += 1
        save_with_history(locked, actor, f"{moved}Risk assessed: {level.label.lower()}")
    return locked


def breach_decide_ico(
    *,
    breach: Breach,
    actor: User,
    expected_version: int,
    decision: str,
    reasons: str,
    reported_at: datetime.datetime | None = None,
    ico_reference: str = "",
    late_reasons: str = "",
) -> Breach:
    """Report to the ICO (when, its reference, and the reasons for any delay past the 72 hours), or record
    that the breach is not reportable: only where it is unlikely to result in a risk."""
    errors: dict[str, str] = {}
    if decision not in IcoDecision.values:
        errors["decision"] = "Choose whether to report the breach to the ICO"
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the decision"
    if decision == IcoDecision.REPORT:
        if reported_at is None:
            errors["reported_at"] = "Enter when it was reported to the ICO"
        if not ico_reference.strip():
            errors["ico_reference"] = "Enter the ICO's reference"
        _not_future(reported_at, "reported_at", "The time it was reported", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(Breach, breach.pk, expected_version)
        if locked.status == BreachStatus.REPORTED:
            raise IllegalTransition("Assess the breach before deciding whether to report it to the ICO.")
        target = BreachStatus.REPORTED_TO_ICO if decision == IcoDecision.REPORT else BreachStatus.NOT_REPORTABLE
        _move(locked, target)
        if not locked.risk_level:
            raise ValidationError({"decision": "Assess the risk to people before deciding"})
        if decision == IcoDecision.NOT_REPORTABLE and locked.risk_level != RiskLevel.NONE:
            raise ValidationError(
                {
                    "decision": f"The risk assessment says {RiskLevel(locked.risk_level).label.lower()}: a breach is "
                    "not reportable only when it is unlikely to result in a risk"
                }
            )
        late = ""
        if decision == IcoDecision.REPORT:
            assert reported_at is not None
            if reported_at < locked.aware_at:
                raise ValidationError({"reported_at": "It cannot have been reported before the organisation knew"})
            if reported_at > ico_due_at(locked.aware_at):
                if not late_reasons.strip():
                    raise ValidationError(
                        {"late_reasons": "It was reported after the 72 hours: give the reasons for the delay"}
                    )
                late = late_reasons.strip()
        locked.ico_decision, locked.ico_reasons, locked.ico_decided_at = decision, reasons.strip(), timezone.now()
        locked.ico_reported_at = reported_at if decision == IcoDecision.REPORT else None
        locked.ico_reference = ico_reference.strip() if decision == IcoDecision.REPORT else ""
        locked.late_reasons = late
        locked.version += 1
        label = f"Reported to the ICO ({locked.ico_reference})" if decision == IcoDecision.REPORT else "Not reportable"
        save_with_history(locked, actor, f"{label}: {reasons.strip()}")
    return locked


def breach_decide_individuals(
    *,
    breach: Breach,
    actor: User,
    expected_version: int,
    decision: str,
    reasons: str,
    exemption: str = "",
    told_at: datetime.datetime | None = None,
    public_communication: str = "",
) -> Breach:
    """Whether to tell the people affected. Required for a high risk unless an exemption of the regime
    applies (UK GDPR Art 34(3); DPA 2018 s.68(6) and (7)); disproportionate effort needs a public
    communication instead."""
    errors: dict[str, str] = {}
    if decision not in TellDecision.values:
        errors["decision"] = "Choose whether to tell the people affected"
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the decision"
    _not_future(told_at, "told_at", "The time they were told", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = locked_for_update(Breach, breach.pk, expected_version)
        _open(locked)
        if not locked.risk_level:
            raise ValidationError({"decision": "Assess the risk to people before deciding whether to tell them"})
        if not locked.regime:
            raise ValidationError({"decision": "Record the regime first: the exemptions depend on it"})
        chosen = ""
        if decision == TellDecision.NOT_TELL and locked.risk_level == RiskLevel.HIGH:
            allowed = locked.exemptions()
            if exemption not in allowed:
                raise ValidationError(
                    {"exemption": "The risk is high: choose the exemption that means they need not be told"}
                )
            chosen = exemption
            if exemption == Exemption.DISPROPORTIONATE and not public_communication.strip():
                raise ValidationError(
                    {"public_communication": "Say how the public communication informs people instead"}
                )
        if told_at is not None and told_at < locked.aware_at:
            raise ValidationError({"told_at": "They cannot have been told before the organisation knew"})
        locked.tell_decision, locked.tell_reasons, locked.tell_exemption = decision, reasons.strip(), chosen
        locked.told_at = told_at if decision == TellDecision.TELL else None
        locked.public_communication = public_communication.strip() if chosen == Exemption.DISPROPORTIONATE else ""
        locked.version += 1
        save_with_history(locked, actor, TellDecision(decision).label)
    return locked


def action_add(*, breach: Breach, actor: User, description: str, owner: User) -> ContainmentAction:
    """A step to contain the breach or recover the data, with the person who owns it."""
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Say what is to be done"
    if owner.organisation_id != breach.organisation_id or not owner.is_active:
        errors["owner"] = "Choose someone in your organisation"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Breach.objects.select_for_update().get(pk=breach.pk)
        _open(locked)
        action = ContainmentAction(breach=locked, description=description.strip(), owner=owner, added_by=actor)
        save_with_history(action, actor, "Containment action added")
    return action


def action_done(*, action: ContainmentAction, actor: User) -> ContainmentAction:
    with transaction.atomic():
        Breach.objects.select_for_update().get(pk=action.breach_id)
        locked = ContainmentAction.objects.select_for_update().get(pk=action.pk)
        if locked.done_at is not None:
            raise IllegalTransition("This action is already done.")
        locked.done_at, locked.done_by = timezone.now(), actor
        save_with_history(locked, actor, "Done")
    return locked


def breach_close(*, breach: Breach, actor: User, expected_version: int, lessons: str) -> Breach:
    """Close the breach with the lessons learnt, once it is contained and every decision is made."""
    if not lessons.strip():
        raise ValidationError({"lessons": "Record the lessons learnt"})
    with transaction.atomic():
        locked = locked_for_update(Breach, breach.pk, expected_version)
        _move(locked, BreachStatus.CLOSED)
        problems: list[str] = []
        if locked.actions.filter(done_at__isnull=True).exists():
            problems.append("Every containment action must be done first.")
        if locked.risk_level == RiskLevel.HIGH and not locked.tell_decision:
            problems.append("The risk is high: decide whether to tell the people affected first.")
        if locked.tell_decision == TellDecision.TELL and locked.told_at is None:
            problems.append("Record when the people affected were told first.")
        if problems:
            raise ValidationError(problems)
        locked.lessons, locked.closed_at, locked.closed_by = lessons.strip(), timezone.now(), actor
        locked.version += 1
        save_with_history(locked, actor, "Closed")
    return locked
