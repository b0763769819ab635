"""The demo's breaches: one inside its 72 hours, one reported to the ICO in time, one not reportable."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from breaches.demo import OH_REFERRAL, USB_STICK, VICTIM_LIST
from breaches.models import Breach, BreachStatus


def test_the_demo_has_the_three_breaches_and_loads_once(db, settings, client):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Breaches: one inside its 72 hours" in out.getvalue()
    breaches = {breach.summary.splitlines()[0].rstrip("."): breach for breach in Breach.objects.all()}
    running = breaches[VICTIM_LIST]
    assert running.status == BreachStatus.ASSESSING and running.risk_level == "high"
    assert timezone.now() < running.ico_clock().due_at and not running.ico_clock().overdue
    assert running.agreements.exists() and running.actions.filter(done_at__isnull=True).count() == 2
    in_time = breaches[USB_STICK]
    assert in_time.status == BreachStatus.REPORTED_TO_ICO and in_time.ico_reference
    assert not in_time.ico_clock().late and in_time.told_at is not None
    quiet = breaches[OH_REFERRAL]
    assert quiet.status == BreachStatus.NOT_REPORTABLE and quiet.ico_reasons and quiet.risk_level == "none"

    from governance.models import User

    client.force_login(User.objects.get(username="dpo"))
    page = client.get("/breaches/").content.decode()
    assert all(breach.reference in page for breach in breaches.values())

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "Breaches: already loaded." in again.getvalue()
    assert Breach.objects.count() == 3
