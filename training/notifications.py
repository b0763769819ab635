"""E-mails about training: a refresher falling due, and an asset owner told that someone holding access to
their dataset has let their training lapse. Plain text with a link."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats

from governance.notices import mail_one
from isa.models import AccessGrant
from training.models import TrainingRecord


def expiry_notice(record: TrainingRecord) -> int:
    until = formats.date_format(record.expires_on, "j F Y")
    return mail_one(
        "Your data protection training is due for its refresher",
        f"Your completion of “{record.course}” counts until {until}. Complete the refresher before then: "
        "without training in date you cannot be granted access to data.\n\n"
        f"Your training record: {settings.SITE_URL}{reverse('training:mine')}",
        record.person.email,
    )


def lapsed_notice(grant: AccessGrant, lapsed_on: datetime.date) -> int:
    when = formats.date_format(lapsed_on, "j F Y")
    return mail_one(
        f"Training lapsed: {grant.user} holds access to {grant.dataset.name}",
        f"{grant.user}'s data protection training lapsed on {when}. Their access to {grant.dataset.name} "
        f"(request {grant.request.reference}) continues until {formats.date_format(grant.expires_on, 'j F Y')}; "
        "decide whether to suspend it until they complete the refresher.\n\n"
        f"{settings.SITE_URL}{grant.request.get_absolute_url()}",
        grant.dataset.information_asset_owner.email,
    )
