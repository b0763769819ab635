from __future__ import annotations

import datetime
import smtplib
from functools import partial

from celery import shared_task
from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.notices import send_once
from isa.models import AccessGrant, GrantStatus
from training.models import REMINDER_DAYS, TrainingRecord
from training.notifications import expiry_notice, lapsed_notice

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError)


def _latest_only(records):  # type: ignore[no-untyped-def]
    """Each person's latest completion only: an older one expiring does not matter once they have refreshed."""
    later = TrainingRecord.objects.filter(person=OuterRef("person"), expires_on__gt=OuterRef("expires_on"))
    return records.exclude(Exists(later))


@shared_task(name="training.tasks.send_reminders", autoretry_for=MAIL_ERRORS, retry_backoff=True, max_retries=5)
def send_reminders() -> int:
    """Daily: tell people 30 days before their training lapses; tell asset owners when someone holding
    access to their data lets it lapse. Each notice once, however often this runs."""
    today = timezone.localdate()
    sent = 0
    soon = _latest_only(
        TrainingRecord.objects.filter(expires_on__gt=today, expires_on__lte=today + datetime.timedelta(REMINDER_DAYS))
    ).select_related("person")
    for record in soon:
        sent += send_once(f"training-expiry:{record.pk}", partial(expiry_notice, record))
    lapsed = _latest_only(TrainingRecord.objects.filter(expires_on__lte=today)).values_list("person_id", "expires_on")
    lapsed_on = dict(lapsed)
    grants = AccessGrant.objects.filter(status=GrantStatus.ACTIVE, user_id__in=list(lapsed_on)).select_related(
        "user", "dataset__information_asset_owner", "request"
    )
    for grant in grants:
        when = lapsed_on[grant.user_id]
        sent += send_once(f"training-lapsed:{grant.pk}:{when:%Y-%m-%d}", partial(lapsed_notice, grant, when))
    return sent
