"""E-mails to the people retention asks something of. Plain text with a link."""

from __future__ import annotations

from django.conf import settings
from django.utils import formats

from governance.notices import mail_one
from retention.models import DisposalConfirmation, RetentionReview


def review_notice(review: RetentionReview) -> int:
    due = formats.date_format(review.due_on, "j F Y")
    return mail_one(
        f"Retention review: {review.label}",
        f"{review.label} is due for disposal on {due} under the schedule “{review.schedule.name}”.\n\n"
        "Decide whether to keep it (with a new date and the reason) or let it be disposed of:\n"
        f"{settings.SITE_URL}{review.get_absolute_url()}",
        review.owner.email,
    )


def confirmation_notice(confirmation: DisposalConfirmation, *, overdue: bool) -> int:
    due = formats.date_format(confirmation.due_on, "j F Y")
    late = " (overdue)" if overdue else ""
    return mail_one(
        f"Confirm deletion{late}: {confirmation.extract_label}",
        f"{confirmation.extract_label} was due for deletion on {due} under the schedule "
        f"“{confirmation.schedule.name}”. It is held outside this service: please delete it where it is held "
        f"and confirm how and when:\n{settings.SITE_URL}{confirmation.get_absolute_url()}",
        confirmation.owner.email,
    )
