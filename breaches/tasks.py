from __future__ import annotations

import smtplib

from celery import shared_task
from django.utils import timezone

from breaches.models import Breach
from breaches.notifications import send_breach_notice as send_once

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)
RELATED = ("organisation__dpo", "organisation__siro", "reported_by")


@shared_task(name="breaches.tasks.send_breach_notice", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_breach_notice(breach_id: int, kind: str) -> bool:
    breach = Breach.objects.select_related(*RELATED).filter(pk=breach_id).first()
    if breach is None:
        return False
    return send_once(breach, kind)


@shared_task(name="breaches.tasks.send_ico_reminders", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_ico_reminders() -> int:
    """Hourly: tell the DPO when an ICO decision is due within 24 hours, and the DPO and SIRO once it is
    overdue (each reminder once, however often the task runs)."""
    now = timezone.now()
    sent = 0
    for breach in Breach.objects.ico_due_soon(now).select_related(*RELATED):
        sent += send_once(breach, "due_soon")
    for breach in Breach.objects.ico_overdue(now).select_related(*RELATED):
        sent += send_once(breach, "overdue")
    return sent
