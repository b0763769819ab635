"""The prerequisite checks an access request must pass before anyone may approve it.

Each check reads the chain as it is now (agreements, screenings, and the checks other apps register,
such as the ethics committee's advice), so they are evaluated afresh whenever a request is viewed or
decided, never stored. A request cannot be approved while any check fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.utils import formats

from dpia.models import Screening, ScreeningStatus
from dpia.questions import Outcome
from governance.models import Dataset, Project, User
from isa.models import IN_FORCE, AccessRequest, AgreementDataset, RequestedDataset


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    reason: str


Check = Callable[[AccessRequest, User | None], CheckResult]

_CHECKS: dict[int, Check] = {}


CheckFunction = TypeVar("CheckFunction", bound=Check)


def register(order: int) -> Callable[[CheckFunction], CheckFunction]:
    """Add a check at a place in the list (apps call this for theirs, e.g. the ethics advice at 3)."""

    def add(check: CheckFunction) -> CheckFunction:
        _CHECKS[order] = check
        return check

    return add


def evaluate(request: AccessRequest, approver: User | None = None) -> list[CheckResult]:
    return [_CHECKS[order](request, approver) for order in sorted(_CHECKS)]


def all_pass(results: list[CheckResult]) -> bool:
    return all(result.passed for result in results)


def covering_agreements(datasets: list[Dataset], recipient_organisation_id: int) -> dict[int, AgreementDataset]:
    """For each dataset, the in-force agreement entry that lets it flow from its owner to the organisation
    (the one that started last, where several do): one query however many datasets are asked about."""
    entries = (
        AgreementDataset.objects.filter(
            dataset__in=[dataset.pk for dataset in datasets],
            recipient_id=recipient_organisation_id,
            agreement__status__in=IN_FORCE,
            agreement__parties__organisation_id=recipient_organisation_id,
        )
        .select_related("agreement")
        .order_by("-agreement__start_date", "-pk")
    )
    owners = {dataset.pk: dataset.organisation_id for dataset in datasets}
    found: dict[int, AgreementDataset] = {}
    for entry in entries:
        if entry.provider_id == owners[entry.dataset_id]:
            found.setdefault(entry.dataset_id, entry)
    return found


def covering_agreement(dataset: Dataset, recipient_organisation_id: int) -> AgreementDataset | None:
    """The in-force agreement entry that lets ``dataset`` flow from its owner to the organisation."""
    return covering_agreements([dataset], recipient_organisation_id).get(dataset.pk)


def requested_datasets(request: AccessRequest) -> list[RequestedDataset]:
    """The request's lines with their datasets and owners: those the page already fetched (prefetched
    as ``lines``) when it did, so that the checks do not read them again; otherwise one query."""
    if "lines" in getattr(request, "_prefetched_objects_cache", {}):
        return list(request.lines.all())
    return list(request.lines.select_related("dataset__organisation"))


@register(1)
def sharing_is_covered(request: AccessRequest, approver: User | None = None) -> CheckResult:
    """1. Each dataset is the requester's organisation's own, or an agreement in force lists its owner
    as provider and the requester's organisation as recipient for that dataset."""
    name = "The sharing is covered by an agreement"
    reasons, passed = [], True
    lines = requested_datasets(request)
    shared = [line.dataset for line in lines if line.dataset.organisation_id != request.organisation_id]
    covers = covering_agreements(shared, request.organisation_id) if shared else {}
    for line in lines:
        dataset = line.dataset
        if dataset.organisation_id == request.organisation_id:
            reasons.append(f"{dataset.name} is held by your own organisation.")
            continue
        cover = covers.get(dataset.pk)
        if cover is None:
            passed = False
            reasons.append(
                f"No agreement in force lists {dataset.organisation} as provider of {dataset.name} "
                f"to {request.organisation}."
            )
        else:
            agreement, until = cover.agreement, cover.agreement.end_date
            state = agreement.get_status_display().lower()
            ends = f", until {formats.date_format(until, 'j F Y')}" if until else ""
            reasons.append(f"{dataset.name} is covered by {agreement.reference} ({state}{ends}).")
    return CheckResult(name, passed, " ".join(reasons) or "No dataset requested.")


def latest_screening(project: Project) -> Screening | None:
    return (
        project.screenings.exclude(status=ScreeningStatus.WITHDRAWN)
        .select_related("assessment")
        .order_by("-created_at", "-pk")
        .first()
    )


@register(2)
def screening_is_settled(request: AccessRequest, approver: User | None = None) -> CheckResult:
    """2. The project's latest screening lets it go ahead: A; B with every remedial action done; or C
    with its full DPIA signed off."""
    name = "The project's DPIA screening is settled"
    screening = latest_screening(request.project)
    if screening is None:
        return CheckResult(name, False, "The project has no DPIA screening. Start one from the project's page.")
    ref = screening.reference
    if screening.status == ScreeningStatus.CONDITIONAL:
        open_actions = screening.remedial_actions.open().count()
        return CheckResult(
            name,
            False,
            f"{ref} has outcome B with {open_actions} remedial action{'s' if open_actions != 1 else ''} still open.",
        )
    if screening.status != ScreeningStatus.DECIDED:
        return CheckResult(
            name, False, f"{ref} is {screening.get_status_display().lower()}: the DPO has not decided it."
        )
    if screening.outcome == Outcome.C and not screening.is_settled:
        return CheckResult(name, False, f"{ref} has outcome C and its full DPIA is not signed off yet.")
    detail = {
        "A": "A (DPIA not mandatory)",
        "B": "B, with every remedial action done",
        "C": "C, with the full DPIA signed off",
    }
    return CheckResult(name, True, f"{ref} has outcome {detail[screening.outcome]}.")


@register(4)
def separate_duties(request: AccessRequest, approver: User | None = None) -> CheckResult:
    """4. Nobody approves their own request."""
    name = "The requester is not the approver"
    if approver is not None:
        if approver.pk == request.requester_id:
            return CheckResult(name, False, "You made this request, so someone else must approve it.")
        return CheckResult(name, True, f"{request.requester} asked; {approver} is deciding.")
    owned = [
        line.dataset.name
        for line in requested_datasets(request)
        if line.dataset.information_asset_owner_id == request.requester_id
    ]
    if owned:
        return CheckResult(
            name, False, f"{request.requester} is the asset owner of {', '.join(owned)}: another owner must be named."
        )
    return CheckResult(name, True, f"{request.requester} is not the asset owner of any dataset asked for.")
