"""The e-mails a breach sends: to the organisation's DPO when it is reported, and when the ICO decision is
due within 24 hours or overdue (then to the SIRO too). Plain text with a link; each sent once."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone

from breaches.models import Breach
from governance.models import User
from governance.notices import send_once
from governance.roles import Role

KINDS = ("reported", "due_soon", "overdue")


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    recipients: list[User]


def officers(breach: Breach, role: Role) -> list[User]:
    """The organisation's named officer for the role, or else everyone holding it."""
    named = {Role.DPO: breach.organisation.dpo, Role.SIRO: breach.organisation.siro}.get(role)
    if named is not None and named.is_active:
        return [named]
    return list(User.objects.filter(organisation_id=breach.organisation_id, groups__name=role.value, is_active=True))


def _when(moment: object) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y, H:i")  # type: ignore[arg-type]


def compose(breach: Breach, kind: str) -> Notice:
    due = _when(breach.ico_clock().due_at)
    link = f"{settings.SITE_URL}{breach.get_absolute_url()}"
    if kind == "reported":
        return Notice(
            f"Suspected personal data breach reported: {breach.reference}",
            f"{breach.reported_by} has reported a suspected personal data breach ({breach.reference}).\n\n"
            f"Discovered: {_when(breach.discovered_at)}\nRoughly {breach.people_affected} people affected.\n\n"
            f"If it must be reported to the ICO, that is due by {due} (72 hours from awareness).\n\n{link}",
            officers(breach, Role.DPO),
        )
    if kind == "due_soon":
        return Notice(
            f"Breach {breach.reference}: ICO decision due within 24 hours",
            f"The decision whether to report the breach {breach.reference} to the ICO is due by {due}.\n\n{link}",
            officers(breach, Role.DPO),
        )
    if kind == "overdue":
        return Notice(
            f"Breach {breach.reference}: ICO decision overdue",
            f"More than 72 hours have passed since the organisation became aware of the breach "
            f"{breach.reference} (due {due}) and no decision on reporting it to the ICO is recorded. A late report "
            f"must give the reasons for the delay.\n\n{link}",
            officers(breach, Role.DPO) + officers(breach, Role.SIRO),
        )
    raise ValueError(f"No notice called {kind!r}.")


def send_breach_notice(breach: Breach, kind: str) -> bool:
    """Send the notice unless it was already sent; True if it was sent now. The awareness time is in the key:
    if the DPO corrects it, the clock's reminders are due again."""

    def send() -> None:
        notice = compose(breach, kind)
        addresses = sorted({person.email for person in notice.recipients if person.email})
        if addresses:
            send_mail(notice.subject, notice.body, None, addresses)

    moment = "" if kind == "reported" else f":{int(breach.aware_at.timestamp())}"
    return send_once(f"breach:{breach.pk}:{kind}{moment}", send)
