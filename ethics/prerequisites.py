"""The ethics committee's part in the access-request checks: the project's latest advice must not be
D (do not proceed) or E (not yet able to advise)."""

from __future__ import annotations

from ethics.services import STOPPING, latest_advice
from governance.models import User
from isa.models import AccessRequest
from isa.prerequisites import CheckResult, register


@register(3)
def ethics_advice_allows(request: AccessRequest, approver: User | None = None) -> CheckResult:
    name = "The ethics committee's advice allows it"
    hearing = latest_advice(request.project)
    if hearing is None:
        return CheckResult(name, True, "The project has no ethics committee advice to follow.")
    option = hearing.advice_option
    label = f"option {hearing.option}" + (f" ({option.label.lower()})" if option else "")
    where = f"{hearing.case.reference} at {hearing.meeting}"
    if hearing.option in STOPPING:
        return CheckResult(name, False, f"The latest advice, on {where}, is {label}.")
    return CheckResult(name, True, f"The latest advice, on {where}, is {label}.")
