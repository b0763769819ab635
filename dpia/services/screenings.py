"""The screening's journey: start, answer, submit, review, return, decide, act, reopen."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpia.answers import answers_of, incomplete_sections
from dpia.models import (
    EDITABLE,
    SCREENING_WORKFLOW,
    DpoComment,
    RemedialAction,
    Screening,
    ScreeningStatus,
    ScreeningVersion,
)
from dpia.questions import QUESTIONS, Outcome
from governance.models import Project, User
from governance.permissions import grant
from governance.references import next_reference
from governance.roles import Role
from governance.services.common import locked_for_update, save_with_history
from governance.workdays import add_working_days
from governance.workflow import IllegalTransition, ServiceError

# The DPO's initial response is due within 10 working days of receiving the form (the seed form's
# local service level).
RESPONSE_WORKING_DAYS = 10
# The author and the project lead may read the screening and change it while it is a draft.
AUTHOR_ACTIONS = ("view", "change")


def _notify(screening: Screening, kind: str) -> None:
    from dpia.tasks import send_screening_notice

    screening_id = screening.pk
    transaction.on_commit(lambda: send_screening_notice.delay(screening_id, kind))


def _move(screening: Screening, actor: User, status: str, reason: str | None = None) -> None:
    SCREENING_WORKFLOW.check(screening.status, status)
    screening.status = status
    screening.version += 1
    save_with_history(screening, actor, reason)


def screening_start(*, project: Project, actor: User) -> Screening:
    """A new draft for the project, with section 1 filled from the project record."""
    owner = project.information_asset_owner
    with transaction.atomic():
        screening = Screening(
            reference=next_reference(project.organisation, "DPIA"),
            organisation=project.organisation,
            project=project,
            author=actor,
            information_asset_owner=f"{owner}, {owner.job_title}" if owner and owner.job_title else str(owner or ""),
            information_custodian=project.information_custodian,
            processing_commences=project.start_date,
            aim_and_purpose=project.purpose,
        )
        save_with_history(screening, actor, "Started")
        grant(actor, screening, AUTHOR_ACTIONS)
        if project.lead_id != actor.pk:
            grant(project.lead, screening, AUTHOR_ACTIONS)
    return screening


def screening_save_answers(
    *, screening: Screening, actor: User, answers: dict[str, Any], expected_version: int
) -> Screening:
    """Save some or all of the answers. Incomplete answers are allowed: completeness is checked on
    submission, so a draft can be saved at any point without losing a word."""
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ServiceError(f"Not questions on the form: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        if locked.status not in EDITABLE:
            raise IllegalTransition(
                f"A screening that is {locked.get_status_display().lower()} cannot be changed; "
                "the DPO has it, or it has been decided."
            )
        project = answers.get("project")
        if project is not None and project.organisation_id != locked.organisation_id:
            raise ValidationError({"project": "Choose a project of the screening's organisation."})
        for key, value in answers.items():
            setattr(locked, key, value)
        locked.version += 1
        save_with_history(locked, actor)
    return locked


def screening_submit(*, screening: Screening, actor: User, expected_version: int, response_note: str = "") -> Screening:
    """Send the screening to the DPO: sets the date submitted and the due date, and keeps the answers
    as a new version for review."""
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        SCREENING_WORKFLOW.check(locked.status, ScreeningStatus.SUBMITTED)
        missing = incomplete_sections(answers_of(locked))
        if missing:
            names = ", ".join(section.heading for section in missing)
            raise ValidationError(f"Complete every section before you submit. Not complete yet: {names}.")
        if locked.status == ScreeningStatus.RETURNED and not response_note.strip():
            raise ValidationError({"response_note": "Tell the DPO what you changed or answer their question"})
        now = timezone.now()
        today = timezone.localdate(now)
        locked.submitted_on = today
        locked.due_on = add_working_days(today, RESPONSE_WORKING_DAYS)
        number = locked.versions.count() + 1
        ScreeningVersion.objects.create(
            screening=locked,
            number=number,
            answers=answers_of(locked),
            submitted_at=now,
            submitted_by=actor,
            submitted_on=today,
            due_on=locked.due_on,
            response_note=response_note.strip(),
        )
        _move(locked, actor, ScreeningStatus.SUBMITTED, f"Submitted to the DPO (version {number})")
        dpo = locked.organisation.dpo
        if dpo is not None:
            # The organisation's named DPO may belong to another organisation (a shared DPO service).
            grant(dpo, locked, ("view", "review"))
        _notify(locked, "submitted")
    return locked


def latest_version(screening: Screening) -> ScreeningVersion:
    version = screening.versions.order_by("-number").first()
    if version is None:
        raise ServiceError("This screening has not been submitted.")
    return version


def screening_start_review(*, screening: Screening, actor: User) -> Screening:
    with transaction.atomic():
        locked = Screening.objects.select_for_update().get(pk=screening.pk)
        locked.reviewer = actor
        _move(locked, actor, ScreeningStatus.IN_REVIEW, "Review started")
    return locked


def screening_comment(*, screening: Screening, actor: User, question: str, text: str) -> DpoComment:
    if question not in QUESTIONS:
        raise ValidationError({"question": "Choose a question on the form."})
    if not text.strip():
        raise ValidationError({"text": "Enter your comment"})
    if not screening.awaiting_dpo:
        raise IllegalTransition("Comments are made while the screening is with the DPO.")
    comment = DpoComment(version=latest_version(screening), question=question, text=text.strip(), author=actor)
    save_with_history(comment, actor)
    return comment


def screening_return(*, screening: Screening, actor: User, reason: str, expected_version: int) -> Screening:
    """Ask the author for more information. The clock stops until they resubmit."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter what you need from the author"})
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        SCREENING_WORKFLOW.check(locked.status, ScreeningStatus.RETURNED)
        version = latest_version(locked)
        version.returned_at = timezone.now()
        version.returned_by = actor
        version.return_reason = reason.strip()
        version.save(update_fields=["returned_at", "returned_by", "return_reason"])
        locked.due_on = None
        _move(locked, actor, ScreeningStatus.RETURNED, f"Returned for more information: {reason.strip()}")
        _notify(locked, "returned")
    return locked


@dataclass(frozen=True)
class ActionSpec:
    description: str
    owner: User
    due_on: datetime.date


def screening_decide(
    *,
    screening: Screening,
    actor: User,
    outcome: str,
    reasons: str,
    expected_version: int,
    actions: Sequence[ActionSpec] = (),
) -> Screening:
    """The DPO's outcome. B needs at least one remedial action and stays conditional until they are all
    done; C opens the stage-2 assessment."""
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for your decision"})
    if outcome == Outcome.B and not actions:
        raise ValidationError({"outcome": "Add at least one remedial action for outcome B"})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Select outcome A, B or C"})
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        target = ScreeningStatus.CONDITIONAL if outcome == Outcome.B else ScreeningStatus.DECIDED
        SCREENING_WORKFLOW.check(locked.status, target)
        for action in actions:
            if action.owner.organisation_id != locked.organisation_id:
                raise ValidationError({"outcome": "Remedial actions are owned by people in the organisation."})
        now = timezone.now()
        version = latest_version(locked)
        version.outcome, version.outcome_reasons = outcome, reasons.strip()
        version.decided_at, version.decided_by = now, actor
        version.save(update_fields=["outcome", "outcome_reasons", "decided_at", "decided_by"])
        locked.outcome = outcome
        locked.outcome_reasons = reasons.strip()
        locked.decided_on = timezone.localdate(now)
        locked.reviewer = locked.reviewer or actor
        locked.due_on = None
        _move(locked, actor, target, f"Outcome {outcome}")
        for action in actions:
            save_with_history(
                RemedialAction(
                    screening=locked, description=action.description, owner=action.owner, due_on=action.due_on
                ),
                actor,
            )
        if outcome == Outcome.C:
            from dpia.services.assessments import assessment_open

            assessment_open(screening=locked, actor=actor)
        _notify(locked, "decided")
    return locked


def remedial_action_complete(*, action: RemedialAction, actor: User, note: str) -> RemedialAction:
    """Mark an action done; when the last one is done, outcome B stands and the screening is decided."""
    if not note.strip():
        raise ValidationError({"note": "Say how the action was done"})
    with transaction.atomic():
        screening = Screening.objects.select_for_update().get(pk=action.screening_id)
        locked = RemedialAction.objects.select_for_update().get(pk=action.pk)
        if locked.done_at is not None:
            raise IllegalTransition("This action is already marked as done.")
        if screening.status != ScreeningStatus.CONDITIONAL:
            raise IllegalTransition("Actions are completed while outcome B is conditional on them.")
        locked.done_at = timezone.now()
        locked.done_by = actor
        locked.done_note = note.strip()
        save_with_history(locked, actor, "Done")
        if not screening.remedial_actions.open().exists():
            _move(screening, actor, ScreeningStatus.DECIDED, "Every remedial action is done: outcome B stands")
    return locked


def screening_escalate(*, screening: Screening, actor: User, reasons: str, expected_version: int) -> Screening:
    """The DPO turns a conditional B into C (a DPIA is required), e.g. when actions are not done."""
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter why a full DPIA is now required"})
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        if locked.status != ScreeningStatus.CONDITIONAL:
            raise IllegalTransition("Only a screening with outcome B still conditional can be escalated to C.")
        locked.outcome = Outcome.C
        locked.outcome_reasons = f"{locked.outcome_reasons}\n\nEscalated to C: {reasons.strip()}".strip()
        locked.decided_on = timezone.localdate()
        _move(locked, actor, ScreeningStatus.DECIDED, f"Escalated from B to C: {reasons.strip()}")
        from dpia.services.assessments import assessment_open

        assessment_open(screening=locked, actor=actor)
        _notify(locked, "decided")
    return locked


def screening_reopen(*, screening: Screening, actor: User, reason: str, expected_version: int) -> Screening:
    """Back to draft because the processing has changed: the answers are reviewed again."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the screening is reopened"})
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        SCREENING_WORKFLOW.check(locked.status, ScreeningStatus.DRAFT)
        locked.outcome = ""
        locked.outcome_reasons = ""
        locked.decided_on = None
        locked.submitted_on = None
        _move(locked, actor, ScreeningStatus.DRAFT, f"Reopened: {reason.strip()}")
        # Access granted on the strength of the old outcome stops now, in the same transaction.
        from isa.services.grants import grants_suspend_for_project

        grants_suspend_for_project(
            project=locked.project,
            actor=actor,
            reason=f"The DPIA screening {locked.reference} was reopened: {reason.strip()}",
        )
    return locked


def screening_withdraw(*, screening: Screening, actor: User, reason: str, expected_version: int) -> Screening:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the screening is withdrawn"})
    with transaction.atomic():
        locked = locked_for_update(Screening, screening.pk, expected_version)
        _move(locked, actor, ScreeningStatus.WITHDRAWN, f"Withdrawn: {reason.strip()}")
    return locked


def dpo_recipients(screening: Screening) -> list[User]:
    """Who hears about a submission: the organisation's named DPO, or else everyone holding the role."""
    if screening.organisation.dpo is not None:
        return [screening.organisation.dpo]
    return list(
        User.objects.filter(
            organisation_id=screening.organisation_id, groups__name=Role.DPO.value, is_active=True
        ).exclude(email="")
    )
