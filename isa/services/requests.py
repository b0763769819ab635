"""Access requests: an analyst asks for datasets for a project; each dataset's asset owner (and the
DPO, where it holds personal data) decides, with the prerequisite checks passing at that moment;
approval of a dataset creates its grant."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dpia.questions import YesNo
from governance.dates import add_months
from governance.models import Dataset, Project, User
from governance.permissions import grant
from governance.references import next_reference
from governance.roles import Role
from governance.services.common import locked_for_update, save_with_history
from governance.workflow import IllegalTransition, ServiceError
from isa.models import (
    REQUEST_WORKFLOW,
    AccessRequest,
    Approval,
    ApproverRole,
    Decision,
    LineStatus,
    RequestedDataset,
    RequestStatus,
)
from isa.prerequisites import covering_agreement, evaluate
from isa.services.grants import grant_create

ANSWERS = (
    "research_questions",
    "policing_benefit",
    "safe_project",
    "safe_people",
    "safe_setting",
    "safe_data",
    "safe_outputs",
    "fields_needed",
    "pseudonymised_sufficient",
    "pseudonymised_reason",
    "start_date",
    "end_date",
)


def _check_answers(answers: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    start, end = answers.get("start_date"), answers.get("end_date")
    if start and end:
        if end < start:
            errors["end_date"] = "Access until must be the same as or after access from"
        elif end > add_months(start, settings.ACCESS_MAX_MONTHS):
            errors["end_date"] = f"Access can be granted for no more than {settings.ACCESS_MAX_MONTHS} months"
    if answers.get("pseudonymised_sufficient") == YesNo.NO and not str(answers.get("pseudonymised_reason", "")).strip():
        errors["pseudonymised_reason"] = "Explain why pseudonymised data would not do"
    if errors:
        raise ValidationError(errors)


def _notify(request: AccessRequest, kind: str) -> None:
    from isa.tasks import send_request_notice

    request_id = request.pk
    transaction.on_commit(lambda: send_request_notice.delay(request_id, kind))


def access_request_create(
    *, actor: User, project: Project, datasets: Sequence[Dataset], **answers: Any
) -> AccessRequest:
    if actor.organisation is None:
        raise ServiceError("Your account is not linked to an organisation.")
    if not datasets:
        raise ValidationError({"datasets": "Select at least one dataset"})
    unknown = set(answers) - set(ANSWERS)
    if unknown:
        raise ServiceError(f"Not questions of the request: {', '.join(sorted(unknown))}.")
    _check_answers(answers)
    with transaction.atomic():
        request = AccessRequest(
            reference=next_reference(actor.organisation, "AR"),
            requester=actor,
            organisation=actor.organisation,
            project=project,
            **answers,
        )
        save_with_history(request, actor, "Submitted")
        for dataset in datasets:
            save_with_history(RequestedDataset(request=request, dataset=dataset), actor)
        grant(actor, request, ("view",))
        _notify(request, "submitted")
    return request


def access_request_resubmit(
    *, request: AccessRequest, actor: User, expected_version: int, **answers: Any
) -> AccessRequest:
    """The requester answers the approver's question; decisions made so far are set aside."""
    if actor.pk != request.requester_id:
        raise ServiceError("Only the requester can resubmit the request.")
    _check_answers({**{name: getattr(request, name) for name in ANSWERS}, **answers})
    with transaction.atomic():
        locked = locked_for_update(AccessRequest, request.pk, expected_version)
        REQUEST_WORKFLOW.check(locked.status, RequestStatus.SUBMITTED)
        for name, value in answers.items():
            if name not in ANSWERS:
                raise ServiceError(f"{name} is not a question of the request.")
            setattr(locked, name, value)
        Approval.objects.filter(line__request=locked, superseded=False).update(superseded=True)
        locked.lines.update(status=LineStatus.PENDING)
        locked.status = RequestStatus.SUBMITTED
        locked.version += 1
        save_with_history(locked, actor, "Resubmitted with more information")
        _notify(locked, "submitted")
    return locked


def approver_roles(user: User, line: RequestedDataset) -> list[str]:
    """Which decisions this person may make on this dataset."""
    dataset = line.dataset
    roles: list[str] = []
    if dataset.information_asset_owner_id == user.pk:
        roles.append(ApproverRole.ASSET_OWNER)
    organisation = dataset.organisation
    if dataset.holds_personal_data and (
        (user.has_role(Role.DPO) and user.organisation_id == dataset.organisation_id) or organisation.dpo_id == user.pk
    ):
        roles.append(ApproverRole.DPO)
    return roles


def undecided_roles(user: User, line: RequestedDataset) -> list[str]:
    """The decisions this person may still make on a pending dataset (approvals prefetched)."""
    if line.status != LineStatus.PENDING:
        return []
    taken = {approval.role for approval in line.approvals.all() if not approval.superseded}
    return [role for role in approver_roles(user, line) if role not in taken]


def needed_roles(line: RequestedDataset) -> list[str]:
    return (
        [ApproverRole.ASSET_OWNER, ApproverRole.DPO] if line.dataset.holds_personal_data else [ApproverRole.ASSET_OWNER]
    )


def access_request_ask(*, request: AccessRequest, actor: User, question: str, expected_version: int) -> AccessRequest:
    """An approver sends the request back with a question."""
    if not question.strip():
        raise ValidationError({"question": "Enter what you need to know"})
    if not any(approver_roles(actor, line) for line in request.lines.select_related("dataset__organisation")):
        raise ServiceError("Only an approver of one of the datasets can ask for more information.")
    with transaction.atomic():
        locked = locked_for_update(AccessRequest, request.pk, expected_version)
        REQUEST_WORKFLOW.check(locked.status, RequestStatus.INFO_REQUESTED)
        locked.info_question = question.strip()
        locked.info_asked_by = actor
        locked.status = RequestStatus.INFO_REQUESTED
        locked.version += 1
        save_with_history(locked, actor, f"More information needed: {question.strip()}")
        _notify(locked, "info_requested")
    return locked


def access_request_decide(
    *,
    request: AccessRequest,
    line: RequestedDataset,
    actor: User,
    role: str,
    decision: str,
    conditions: str = "",
) -> RequestedDataset:
    """Record one approver's decision on one dataset. Approval needs every prerequisite check to pass;
    the dataset is granted once every approval it needs is given, and refused at the first refusal."""
    if line.request_id != request.pk:
        raise ServiceError("That dataset is not part of this request.")
    if role not in approver_roles(actor, line):
        raise ServiceError(f"You cannot decide for {line.dataset.name} as {ApproverRole(role).label.lower()}.")
    if decision == Decision.REFUSE and not conditions.strip():
        raise ValidationError({"conditions": "Give the reason for refusing"})
    with transaction.atomic():
        locked_request = AccessRequest.objects.select_for_update().get(pk=request.pk)
        locked_line = (
            RequestedDataset.objects.select_for_update().select_related("dataset__organisation").get(pk=line.pk)
        )
        if locked_request.status != RequestStatus.SUBMITTED:
            raise IllegalTransition(f"The request is {locked_request.get_status_display().lower()}; nothing to decide.")
        if locked_line.status != LineStatus.PENDING:
            raise IllegalTransition(
                f"{locked_line.dataset.name} has already been {locked_line.get_status_display().lower()}."
            )
        if locked_line.approvals.filter(role=role, superseded=False).exists():
            raise IllegalTransition(
                f"The {ApproverRole(role).label.lower()} has already decided {locked_line.dataset.name}."
            )
        if decision == Decision.APPROVE:
            failing = [check for check in evaluate(locked_request, actor) if not check.passed]
            if failing:
                raise ValidationError(
                    ["The request cannot be approved while a check fails."] + [f"{c.name}: {c.reason}" for c in failing]
                )
        save_with_history(
            Approval(line=locked_line, role=role, decision=decision, decided_by=actor, conditions=conditions.strip()),
            actor,
        )
        _settle_line(locked_request, locked_line, actor)
        _settle_request(locked_request, actor)
    return locked_line


def _settle_line(request: AccessRequest, line: RequestedDataset, actor: User) -> None:
    decisions = {a.role: a.decision for a in line.approvals.filter(superseded=False)}
    if Decision.REFUSE in decisions.values():
        line.status = LineStatus.REFUSED
        save_with_history(line, actor, "Refused")
    elif all(decisions.get(role) == Decision.APPROVE for role in needed_roles(line)):
        line.status = LineStatus.APPROVED
        save_with_history(line, actor, "Approved")
        cover = None
        if line.dataset.organisation_id != request.organisation_id:
            cover = covering_agreement(line.dataset, request.organisation_id)
        grant_create(request=request, dataset=line.dataset, actor=actor, agreement=cover.agreement if cover else None)


def _settle_request(request: AccessRequest, actor: User) -> None:
    statuses = set(request.lines.values_list("status", flat=True))
    if LineStatus.PENDING in statuses:
        return
    outcome = RequestStatus.APPROVED if LineStatus.APPROVED in statuses else RequestStatus.REFUSED
    REQUEST_WORKFLOW.check(request.status, outcome)
    request.status = outcome
    request.decided_at = timezone.now()
    request.version += 1
    save_with_history(request, actor, f"Every dataset decided: {outcome.label.lower()}")
    _notify(request, "decided")


def access_request_withdraw(*, request: AccessRequest, actor: User, expected_version: int) -> AccessRequest:
    if actor.pk != request.requester_id:
        raise ServiceError("Only the requester can withdraw the request.")
    with transaction.atomic():
        locked = locked_for_update(AccessRequest, request.pk, expected_version)
        REQUEST_WORKFLOW.check(locked.status, RequestStatus.WITHDRAWN)
        locked.status = RequestStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.version += 1
        save_with_history(locked, actor, "Withdrawn by the requester")
    return locked


def default_end(start: datetime.date) -> datetime.date:
    return add_months(start, settings.ACCESS_MAX_MONTHS) - datetime.timedelta(days=1)
