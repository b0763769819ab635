"""The fifth prerequisite check on an access request: the requester's data protection training is in
date on the day access would start. (A grant is not ended when training later lapses; the asset owner
is told, and the dashboard lists it.)"""

from __future__ import annotations

from django.utils import formats

from governance.models import User
from isa.models import AccessRequest
from isa.prerequisites import CheckResult, register
from training.standing import Standing, status_of


@register(5)
def training_in_date(request: AccessRequest, approver: User | None = None) -> CheckResult:
    name = "The requester's data protection training is in date"
    start = request.start_date
    status = status_of(request.requester, start)
    when = formats.date_format(start, "j F Y")
    who = str(request.requester)
    if status.in_date:
        assert status.due_on is not None
        until = formats.date_format(status.due_on, "j F Y")
        return CheckResult(name, True, f"{who}'s training is in date on {when} (until {until}).")
    if status.standing == Standing.LAPSED:
        assert status.due_on is not None
        lapsed = formats.date_format(status.due_on, "j F Y")
        return CheckResult(name, False, f"{who}'s training lapses on {lapsed}, before access starts on {when}.")
    return CheckResult(name, False, f"{who} has no data protection training recorded that is in date on {when}.")
