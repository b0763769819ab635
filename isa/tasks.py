from __future__ import annotations

import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from governance.actors import system_actor
from governance.notices import send_once
from isa.models import IN_FORCE, AccessGrant, AccessRequest, Agreement
from isa.notifications import agreement_notice, grant_notice, request_notice
from isa.services.agreements import agreements_roll_forward
from isa.services.grants import grants_expire

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)
# The contact point hears this many days before an agreement's review date.
REVIEW_NOTICE_DAYS = 30


@shared_task(name="isa.tasks.expire_grants", time_limit=600, soft_time_limit=540)
def expire_grants() -> int:
    """Hourly: end the grants whose expiry date has passed."""
    return grants_expire(today=timezone.localdate(), actor=system_actor("grant expiry"))


@shared_task(name="isa.tasks.agreements_daily", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def agreements_daily() -> dict[str, int]:
    """Daily: expire agreements past their end date, mark reviews due, and remind contact points 30
    days before a review and when an agreement expires (each reminder once)."""
    today = timezone.localdate()
    counts = agreements_roll_forward(today=today, actor=system_actor("agreement scheduler"))
    counts["reminders"] = 0
    soon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    for agreement in Agreement.objects.filter(status__in=IN_FORCE, review_date__lte=soon).select_related(
        "contact_point"
    ):
        counts["reminders"] += _remind_once(agreement, "review", agreement.review_date)
    for agreement in Agreement.objects.filter(status="expired", end_date__lt=today).select_related("contact_point"):
        assert agreement.end_date is not None
        counts["reminders"] += _remind_once(agreement, "expired", agreement.end_date)
    return counts


def _remind_once(agreement: Agreement, kind: str, due_on: datetime.date) -> int:
    return int(
        send_once(f"agreement:{agreement.pk}:{kind}:{due_on.isoformat()}", lambda: agreement_notice(agreement, kind))
    )


@shared_task(name="isa.tasks.send_grant_notice", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_grant_notice(grant_id: int) -> bool:
    access = (
        AccessGrant.objects.select_related("user", "dataset__information_asset_owner", "request")
        .filter(pk=grant_id)
        .first()
    )
    if access is None:
        return False
    return send_once(f"grant:{access.pk}:{access.status}", lambda: grant_notice(access))


@shared_task(name="isa.tasks.send_agreement_notice", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_agreement_notice(agreement_id: int, kind: str) -> bool:
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None:
        return False
    return send_once(
        f"agreement:{agreement.pk}:{kind}:{agreement.version_label}", lambda: agreement_notice(agreement, kind)
    )


@shared_task(name="isa.tasks.send_request_notice", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_request_notice(request_id: int, kind: str) -> bool:
    request = (
        AccessRequest.objects.select_related("requester", "project", "info_asked_by").filter(pk=request_id).first()
    )
    if request is None:
        return False
    return send_once(f"request:{request.pk}:{kind}:{request.version}", lambda: request_notice(request, kind))
