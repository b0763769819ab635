"""E-mails about agreements, requests and grants. Plain text with a link to the record."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats

from governance.models import User
from governance.roles import Role
from isa.models import AccessGrant, AccessRequest, Agreement, GrantStatus, LineStatus


def _send(subject: str, body: str, people: list[User | None]) -> int:
    addresses = sorted({person.email for person in people if person is not None and person.email})
    if addresses:
        send_mail(subject, body, None, addresses)
    return len(addresses)


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "j F Y") if day else "no date"


def grant_notice(access: AccessGrant) -> int:
    ending = {
        GrantStatus.SUSPENDED.value: "suspended",
        GrantStatus.EXPIRED.value: "ended",
        GrantStatus.REVOKED.value: "revoked",
    }
    what = ending.get(access.status, access.status)
    return _send(
        f"Access to {access.dataset.name} {what}",
        f"{access.user}'s access to {access.dataset.name} ({access.dataset.reference}) has been {what}.\n\n"
        f"Why: {access.ended_reason}\n\nRequest {access.request.reference}: {_url(access.request.get_absolute_url())}",
        [access.user, access.dataset.information_asset_owner],
    )


def agreement_notice(agreement: Agreement, kind: str) -> int:
    link = _url(agreement.get_absolute_url())
    if kind == "signature":
        unsigned = [party.signatory for party in agreement.parties.filter(signed_at__isnull=True)]
        return _send(
            f"Please sign {agreement.reference} {agreement.title}",
            f"The information sharing agreement {agreement.title} (version {agreement.version_label}) is waiting "
            f"for your signature on behalf of your organisation.\n\n{link}",
            list(unsigned),
        )
    if kind == "review":
        return _send(
            f"{agreement.reference} is due for review on {_date(agreement.review_date)}",
            f"The information sharing agreement {agreement.title} is due for review on "
            f"{_date(agreement.review_date)}. Check it still meets its purpose and record the review.\n\n{link}",
            [agreement.contact_point],
        )
    if kind == "expired":
        return _send(
            f"{agreement.reference} has expired",
            f"The information sharing agreement {agreement.title} expired on {_date(agreement.end_date)}. "
            f"Access that rested on it has been suspended.\n\n{link}",
            [agreement.contact_point],
        )
    raise ValueError(f"No agreement notice called {kind!r}.")


def request_notice(request: AccessRequest, kind: str) -> int:
    link = _url(request.get_absolute_url())
    if kind == "submitted":
        approvers: list[User | None] = []
        for line in request.lines.select_related("dataset__information_asset_owner", "dataset__organisation__dpo"):
            if line.status != LineStatus.PENDING:
                continue
            approvers.append(line.dataset.information_asset_owner)
            if line.dataset.holds_personal_data:
                dpo = line.dataset.organisation.dpo
                approvers.extend(
                    [dpo]
                    if dpo
                    else User.objects.filter(organisation_id=line.dataset.organisation_id, groups__name=Role.DPO.value)
                )
        return _send(
            f"Access request {request.reference} needs your decision",
            f"{request.requester} asks for access for {request.project.name}.\n\n{link}",
            approvers,
        )
    if kind == "info_requested":
        return _send(
            f"Access request {request.reference}: more information needed",
            f"{request.info_asked_by} needs more information before deciding:\n\n{request.info_question}\n\n{link}",
            [request.requester],
        )
    if kind == "decided":
        return _send(
            f"Access request {request.reference} {request.get_status_display().lower()}",
            f"Your request for access for {request.project.name} has been decided: "
            f"{request.get_status_display().lower()}.\n\n{link}",
            [request.requester],
        )
    raise ValueError(f"No request notice called {kind!r}.")
