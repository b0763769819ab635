"""The register takes part in the rest of the product: the header, the audit events and packs, retention."""

from __future__ import annotations

import datetime

from django.urls import reverse

from audit.models import AuditEvent, PackScope
from audit.packs.build import gather
from audit.services import pack_request
from retention.registry import record_type
from tests.breaches.conftest import assessed, reported, reported_to_ico


def test_everyone_signed_in_sees_breaches_in_the_header(client, personas):
    for user in (personas.analyst, personas.outsider, personas.member):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert any(item["label"] == "Breaches" for item in response.context["navigation"])


def test_each_step_is_an_audit_event_and_an_organisation_pack_holds_the_breach(personas):
    breach = reported_to_ico(assessed(reported(personas.analyst), personas.dpo, "high"), personas.dpo)
    actions = set(AuditEvent.objects.filter(record_type="breaches.breach").values_list("action", flat=True))
    assert {"breaches.breach_report", "breaches.breach_assess_risk", "breaches.breach_decide_ico"} <= actions
    assert set(AuditEvent.objects.filter(record_id=str(breach.pk)).values_list("organisation_id", flat=True)) == {
        personas.organisation.pk
    }
    today = datetime.date.today()
    pack = pack_request(actor=personas.dpo, scope=PackScope.ORGANISATION, purpose="Annual report",
                        period_from=today - datetime.timedelta(days=365), period_to=today)  # fmt: skip
    parts = {part.title: part for part in gather(pack, lambda stage: None).types}
    assert len(parts["Personal data breaches"].records) == 1


def test_retention_schedules_can_govern_breaches():
    kind = record_type("breaches.breach")
    assert kind.label == "Personal data breaches"
    assert {"created", "closed"} <= set(kind.dates)
