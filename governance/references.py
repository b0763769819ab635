"""Human-readable references for records, e.g. ``WMP-PRJ-2026-0007``.

People quote references in e-mails and minutes, so they are short, ordered and never reused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from governance.models import Organisation, ReferenceCounter


def next_reference(organisation: Organisation, prefix: str) -> str:
    year = timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(organisation=organisation, prefix=prefix, year=year)
        # The row lock makes two people creating records at once receive different numbers.
        counter = ReferenceCounter.objects.select_for_update().get(organisation=organisation, prefix=prefix, year=year)
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
    return f"{organisation.short_code}-{prefix}-{year}-{counter.last_value:04d}"
