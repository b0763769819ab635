"""The e-mails a screening sends: to the DPO on submission and near or past the due date, and to the
author (and project lead) when it is returned or decided. Plain text, with a link to the record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats

from dpia.models import Screening
from dpia.services.screenings import dpo_recipients
from governance.models import User
from governance.notices import send_once


@dataclass(frozen=True)
class Notice:
    subject: str
    body: str
    recipients: list[User]


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "l j F Y") if day else "not set"


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def compose(screening: Screening, kind: str) -> Notice:
    project = screening.project.name
    ref = screening.reference
    authors = list({screening.author, screening.project.lead})
    if kind == "submitted":
        return Notice(
            f"DPIA screening {ref} submitted for review",
            f"{screening.author} has submitted the DPIA screening {ref} for {project}.\n\n"
            f"Your initial response is due by {_date(screening.due_on)}.\n\nReview it: "
            + _url(f"/dpia/{screening.pk}/review/"),
            dpo_recipients(screening),
        )
    if kind == "returned":
        version = screening.versions.order_by("-number").first()
        reason = version.return_reason if version else ""
        return Notice(
            f"DPIA screening {ref} returned for more information",
            f"The DPO has returned the DPIA screening {ref} for {project} and needs more information:\n\n"
            f"{reason}\n\nThe review clock has stopped. Update the answers and resubmit: "
            + _url(screening.get_absolute_url()),
            authors,
        )
    if kind == "decided":
        return Notice(
            f"DPIA screening {ref}: outcome {screening.outcome}",
            f"The DPO has decided the DPIA screening {ref} for {project}:\n\n"
            f"{screening.get_outcome_display()}\n\nReasons: {screening.outcome_reasons}\n\n"
            + _url(screening.get_absolute_url()),
            authors,
        )
    if kind in {"due_soon", "overdue"}:
        when = "is due in two working days" if kind == "due_soon" else "is overdue"
        recipients = [screening.reviewer] if screening.reviewer else dpo_recipients(screening)
        return Notice(
            f"DPIA screening {ref} {when}",
            f"Your initial response to the DPIA screening {ref} for {project} {when} "
            f"(due {_date(screening.due_on)}).\n\n" + _url(f"/dpia/{screening.pk}/review/"),
            recipients,
        )
    raise ValueError(f"No notice called {kind!r}.")


def send_screening_notice(screening: Screening, kind: str) -> bool:
    """Send the notice unless it was already sent for this round of review; True if it was sent now."""
    round_number = screening.versions.count()

    def send() -> None:
        notice = compose(screening, kind)
        addresses = sorted({person.email for person in notice.recipients if person.email})
        if addresses:
            send_mail(notice.subject, notice.body, None, addresses)

    return send_once(f"screening:{screening.pk}:{round_number}:{kind}", send)
