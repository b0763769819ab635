"""The access decision: may this person have this dataset now, and under what?

Read from the chain as it stands at the moment of asking (never cached): the person's grants on the
dataset, the agreement each rests on, the project's latest screening and ethics advice. A grant is
suspended by the services in the same transaction that breaks its chain, so its status is current;
the reasons for a suspension are read from the chain too (the grant's free-text reason is shown as
the detail), so a reason is never guessed from wording.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dpia.models import ScreeningStatus
from ethics.services import STOPPING, latest_advice
from governance.models import Dataset, User
from governance.roles import Role
from isa.models import ENDED, AccessGrant, GrantStatus
from isa.prerequisites import latest_screening


class Reason(StrEnum):
    NO_GRANT = "no_grant"
    NOT_STARTED = "not_started"
    EXPIRED = "expired"
    REVOKED = "revoked"
    AGREEMENT_ENDED = "agreement_ended"
    SCREENING_REOPENED = "screening_reopened"
    ETHICS_ADVICE = "ethics_advice"
    SUSPENDED = "suspended"
    ACCOUNT_INACTIVE = "account_inactive"


REASON_TEXT = {
    Reason.NO_GRANT: "The person has no grant of this dataset.",
    Reason.NOT_STARTED: "The grant has not started yet.",
    Reason.EXPIRED: "The grant has expired.",
    Reason.REVOKED: "The grant was revoked.",
    Reason.AGREEMENT_ENDED: "The sharing agreement the grant rests on has ended, so the grant is suspended.",
    Reason.SCREENING_REOPENED: "The project's DPIA screening was reopened, so the grant is suspended.",
    Reason.ETHICS_ADVICE: "The ethics committee's advice on the project is option D or E, so the grant is suspended.",
    Reason.SUSPENDED: "The grant is suspended.",
    Reason.ACCOUNT_INACTIVE: "The person's account is not active.",
}


@dataclass(frozen=True)
class DenyReason:
    code: Reason
    text: str
    grant: AccessGrant | None = None
    detail: str = ""


@dataclass
class Decision:
    allow: bool
    grant: AccessGrant | None = None
    reasons: list[DenyReason] = field(default_factory=list)

    @property
    def answer(self) -> str:
        return "allow" if self.allow else "deny"


def may_ask_about_others(asker: User, dataset: Dataset) -> bool:
    """The dataset's asset owner, and its organisation's DPO and service accounts (the platforms that
    release it). A SIRO or auditor reads the grants list instead."""
    from api.tokens import is_service_account

    if asker.pk == dataset.information_asset_owner_id:
        return True
    if not asker.in_organisation_of(dataset.organisation_id):
        return False
    return asker.has_role(Role.DPO) or is_service_account(asker)


def may_ask(asker: User, dataset: Dataset, subject: User) -> bool:
    """Anyone may ask about themselves; about others, see ``may_ask_about_others``."""
    return asker.pk == subject.pk or may_ask_about_others(asker, dataset)


def _suspension_reasons(grant: AccessGrant, today: datetime.date) -> list[Reason]:
    reasons = []
    if grant.agreement is not None and grant.agreement.status in ENDED:
        reasons.append(Reason.AGREEMENT_ENDED)
    project = grant.request.project
    screening = latest_screening(project)
    if screening is None or screening.status not in (ScreeningStatus.DECIDED, ScreeningStatus.CONDITIONAL):
        reasons.append(Reason.SCREENING_REOPENED)
    advice = latest_advice(project)
    if advice is not None and advice.option in STOPPING:
        reasons.append(Reason.ETHICS_ADVICE)
    return reasons or [Reason.SUSPENDED]


def _grant_reasons(grant: AccessGrant, today: datetime.date) -> list[Reason]:
    """Why this grant does not let the person in today (empty: it does)."""
    if grant.status == GrantStatus.REVOKED:
        return [Reason.REVOKED]
    if grant.status == GrantStatus.EXPIRED:
        return [Reason.EXPIRED]
    if grant.status == GrantStatus.SUSPENDED:
        return _suspension_reasons(grant, today)
    # Active: the hourly expiry and the daily agreement roll-forward may not have run yet.
    if grant.expires_on < today:
        return [Reason.EXPIRED]
    if grant.agreement is not None and (
        grant.agreement.status in ENDED or (grant.agreement.end_date and grant.agreement.end_date < today)
    ):
        return [Reason.AGREEMENT_ENDED]
    if grant.starts_on > today:
        return [Reason.NOT_STARTED]
    return []


def decide(subject: User, dataset: Dataset) -> Decision:
    today = timezone.localdate()
    grants = list(
        AccessGrant.objects.filter(user=subject, dataset=dataset)
        .select_related("agreement", "request__project")
        .order_by("-expires_on", "-pk")
    )
    if not subject.is_active:
        return Decision(False, reasons=[DenyReason(Reason.ACCOUNT_INACTIVE, REASON_TEXT[Reason.ACCOUNT_INACTIVE])])
    reasons: list[DenyReason] = []
    for grant in grants:
        found = _grant_reasons(grant, today)
        if not found:
            return Decision(True, grant=grant)
        detail = grant.ended_reason if grant.status != GrantStatus.ACTIVE else ""
        reasons.extend(DenyReason(code, REASON_TEXT[code], grant, detail) for code in found)
    if not grants:
        reasons.append(DenyReason(Reason.NO_GRANT, REASON_TEXT[Reason.NO_GRANT]))
    return Decision(False, reasons=reasons)


def find_user(value: str) -> User | None:
    condition = Q(username=value)
    if value.isdigit():
        condition |= Q(pk=int(value))
    return User.objects.filter(condition).select_related("organisation").first()


def find_dataset(asker: User, value: str) -> Dataset | None:
    """A dataset the asker may see, or one they hold (or held) a grant of: a person asks about their own
    suspended grant after the suspension took back their sight of the register entry."""
    condition = Q(reference=value)
    if value.isdigit():
        condition |= Q(pk=int(value))
    held = Exists(AccessGrant.objects.filter(dataset=OuterRef("pk"), user_id=asker.pk))
    visible = Dataset.objects.visible_to(asker).values("pk")
    return Dataset.objects.filter(condition).filter(Q(pk__in=visible) | held).select_related("organisation").first()
