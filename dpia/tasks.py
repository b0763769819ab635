from __future__ import annotations

import smtplib

from celery import shared_task
from django.utils import timezone

from dpia.models import AWAITING_DPO, Screening
from dpia.notifications import send_screening_notice as send_once
from governance.workdays import add_working_days

# Reminders go this many working days before the DPO's response is due.
REMINDER_WORKING_DAYS = 2


@shared_task(
    name="dpia.tasks.send_screening_notice",
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_screening_notice(screening_id: int, kind: str) -> bool:
    screening = (
        Screening.objects.select_related("project__lead", "author", "organisation__dpo", "reviewer")
        .filter(pk=screening_id)
        .first()
    )
    if screening is None:
        return False
    return send_once(screening, kind)


@shared_task(
    name="dpia.tasks.send_review_reminders",
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_review_reminders() -> int:
    """Daily: remind DPOs two working days before a response is due, and once when it is overdue."""
    today = timezone.localdate()
    soon = add_working_days(today, REMINDER_WORKING_DAYS)
    waiting = Screening.objects.filter(status__in=AWAITING_DPO).select_related(
        "project__lead", "author", "organisation__dpo", "reviewer"
    )
    sent = 0
    for screening in waiting.filter(due_on__gt=today, due_on__lte=soon):
        sent += send_once(screening, "due_soon")
    for screening in waiting.filter(due_on__lt=today):
        sent += send_once(screening, "overdue")
    return sent
