"""Send an e-mail at most once per key, whatever the number of times a task runs."""

from __future__ import annotations

from collections.abc import Callable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from governance.models import SentNotice


def send_once(key: str, send: Callable[[], object]) -> bool:
    """Run ``send`` unless a notice with this key was already sent; True if it ran now.

    The record and the sending share a transaction: if sending fails the record is rolled back, so a
    retry sends it; if two deliveries race, the unique key lets one through."""
    try:
        with transaction.atomic():
            SentNotice.objects.create(key=key[:120])
            send()
    except IntegrityError:
        return False
    return True


def mail_one(subject: str, body: str, address: str) -> int:
    """A plain-text e-mail to one person; nothing (0) when they have no address."""
    if not address:
        return 0
    send_mail(subject, body, None, [address])
    return 1
