from __future__ import annotations

import smtplib
from functools import partial

from celery import shared_task
from django.utils import timezone

from governance.notices import send_once
from retention.models import ConfirmationStatus, DisposalConfirmation, RetentionReview, ReviewStatus
from retention.notifications import confirmation_notice, review_notice
from retention.sweep import SweepRunning, sweep

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)


@shared_task(name="retention.tasks.retention_sweep")
def retention_sweep() -> dict[str, int]:
    """Daily: dispose of what is due. A sweep cut short (a time limit, a restart, a kill) is finished by
    the next one; a second sweep while one runs does nothing."""
    try:
        return dict(sweep().counts)
    except SweepRunning:
        return {"skipped": 1}


@shared_task(name="retention.tasks.send_reminders", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_reminders() -> int:
    """Daily: tell each owner of an open review or confirmation about it when it opens, and weekly after
    until it is done (each reminder once, however often the task runs)."""
    today = timezone.localdate()
    week = today.isocalendar()
    sent = 0
    for review in RetentionReview.objects.filter(status=ReviewStatus.OPEN).select_related("owner", "schedule"):
        sent += send_once(f"retention-review:{review.pk}:{week.year}-{week.week}", partial(review_notice, review))
    confirmations = DisposalConfirmation.objects.filter(status=ConfirmationStatus.OPEN).select_related(
        "owner", "dataset", "schedule"
    )
    for confirmation in confirmations:
        key = f"retention-confirmation:{confirmation.pk}:{week.year}-{week.week}"
        sent += send_once(key, partial(confirmation_notice, confirmation, overdue=confirmation.overdue(today)))
    return sent
