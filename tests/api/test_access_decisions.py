"""GET /api/access-decisions/: allow with the grant, its agreement and expiry; deny with the reasons."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from dpia.services.screenings import screening_reopen
from isa.services.agreements import agreement_terminate
from isa.services.grants import grant_revoke, grants_expire
from tests.api.conftest import api
from tests.ethics.conftest import approved, decide, held, submit
from tests.factories import UserFactory
from tests.isa.conftest import granted, in_force
from tests.isa.test_agreements import grant_on

URL = "/api/access-decisions/"


def ask_about(client, user, dataset):
    response = client.get(URL, user=user.username, dataset=dataset.reference)
    assert response.status_code == 200, response.content
    return response.json()


def codes(body):
    return [reason["code"] for reason in body["reasons"]]


def test_an_active_grant_allows_with_its_expiry(personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    body = ask_about(api(personas.dpo), personas.analyst, own_dataset)
    assert body["decision"] == "allow"
    assert body["grant"]["id"] == access.pk
    assert body["expires_on"] == access.expires_on.isoformat()
    assert body["reasons"] == []


def test_a_partners_grant_names_the_agreement_it_rests_on(personas, partner_dataset):
    agreement = in_force(personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset])
    grant_on(personas, agreement, partner_dataset)
    body = ask_about(api(personas.analyst), personas.analyst, partner_dataset)
    assert body["decision"] == "allow"
    assert (body["grant"]["agreement"], body["grant"]["agreement_reference"]) == (agreement.pk, agreement.reference)


def test_id_and_reference_both_name_the_person_and_dataset(personas, own_dataset, settled):
    granted(personas, own_dataset, settled)
    response = api(personas.dpo).get(URL, user=str(personas.analyst.pk), dataset=str(own_dataset.pk))
    assert response.json()["decision"] == "allow"


def test_no_grant_denies(personas, own_dataset):
    body = ask_about(api(personas.dpo), personas.colleague, own_dataset)
    assert (body["decision"], codes(body)) == ("deny", ["no_grant"])


def test_an_expired_grant_denies_even_before_the_hourly_sweep(personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    client = api(personas.dpo)
    later = access.expires_on + datetime.timedelta(days=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args: later)
        assert codes(ask_about(client, personas.analyst, own_dataset)) == ["expired"]
    grants_expire(today=later, actor=personas.dpo)
    assert codes(ask_about(client, personas.analyst, own_dataset)) == ["expired"]


def test_a_revoked_grant_denies(personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    grant_revoke(access=access, actor=personas.iao, reason="Left the team")
    body = ask_about(api(personas.dpo), personas.analyst, own_dataset)
    assert codes(body) == ["revoked"]
    assert body["reasons"][0]["detail"] == "Left the team"


def test_an_ended_agreement_denies_at_once(personas, partner_dataset):
    agreement = in_force(personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset])
    grant_on(personas, agreement, partner_dataset)
    client = api(personas.analyst)
    assert ask_about(client, personas.analyst, partner_dataset)["decision"] == "allow"
    agreement_terminate(
        agreement=agreement, actor=personas.outsider_dpo, reason="Partnership ended", expected_version=agreement.version
    )
    body = ask_about(client, personas.analyst, partner_dataset)
    assert (body["decision"], codes(body)) == ("deny", ["agreement_ended"])
    assert "Partnership ended" in body["reasons"][0]["detail"]


def test_a_reopened_screening_denies(personas, own_dataset, settled):
    granted(personas, own_dataset, settled)
    screening = settled.screenings.get()
    screening_reopen(screening=screening, actor=personas.dpo, reason="New data", expected_version=screening.version)
    body = ask_about(api(personas.dpo), personas.analyst, own_dataset)
    assert (body["decision"], codes(body)) == ("deny", ["screening_reopened"])


@pytest.mark.parametrize("option", ["D", "E"])
def test_ethics_advice_d_or_e_denies(committee, personas, own_dataset, settled, option):
    granted(personas, own_dataset, settled)
    case = submit(committee, personas.analyst, project=settled)
    meeting, (hearing,) = held(committee, personas.secretary, [case])
    decide(hearing, personas.secretary, option)
    approved(meeting, personas.secretary)
    body = ask_about(api(personas.dpo), personas.analyst, own_dataset)
    assert (body["decision"], codes(body)) == ("deny", ["ethics_advice"])


def test_each_decision_is_an_audit_event(personas, own_dataset, settled):
    access = granted(personas, own_dataset, settled)
    ask_about(api(personas.dpo), personas.analyst, own_dataset)
    ask_about(api(personas.dpo), personas.colleague, own_dataset)
    events = list(AuditEvent.objects.filter(action="api.access_decision.answered").order_by("pk"))
    assert [(e.actor_id, e.details["subject"], e.details["dataset"], e.details["decision"]) for e in events] == [
        (personas.dpo.pk, personas.analyst.pk, own_dataset.pk, "allow"),
        (personas.dpo.pk, personas.colleague.pk, own_dataset.pk, "deny"),
    ]
    assert events[0].details["grant"] == access.pk and events[1].details["reasons"] == ["no_grant"]


def test_the_answer_is_not_cached(personas, own_dataset, settled):
    granted(personas, own_dataset, settled)
    response = api(personas.dpo).get(URL, user=personas.analyst.username, dataset=own_dataset.reference)
    assert response.headers["Cache-Control"] == "no-store"


class TestWhoMayAsk:
    def test_the_person_asks_about_themselves_even_once_suspended(self, personas, own_dataset, settled):
        granted(personas, own_dataset, settled)
        screening = settled.screenings.get()
        screening_reopen(screening=screening, actor=personas.dpo, reason="New", expected_version=screening.version)
        assert ask_about(api(personas.analyst), personas.analyst, own_dataset)["decision"] == "deny"

    def test_the_asset_owner_and_the_organisations_platform_may_ask(self, personas, own_dataset, home_platform):
        ask_about(api(personas.iao), personas.analyst, own_dataset)
        ask_about(home_platform, personas.analyst, own_dataset)

    def test_a_colleague_may_not_ask_about_someone_else(self, personas, own_dataset):
        response = api(personas.colleague).get(URL, user=personas.analyst.username, dataset=own_dataset.reference)
        assert response.status_code == 403

    def test_another_organisation_gets_404_for_a_dataset_it_may_not_see(self, personas, own_dataset, partner_platform):
        for client in (api(personas.outsider_dpo), partner_platform):
            response = client.get(URL, user=personas.analyst.username, dataset=own_dataset.reference)
            assert response.status_code == 404

    def test_an_unknown_person_is_404_for_those_who_may_ask(self, personas, own_dataset):
        response = api(personas.dpo).get(URL, user="nobody", dataset=own_dataset.reference)
        assert response.status_code == 404

    def test_both_parameters_are_needed(self, personas):
        assert api(personas.dpo).get(URL).status_code == 400

    def test_an_inactive_account_is_denied(self, personas, own_dataset):
        leaver = UserFactory(organisation=personas.organisation, is_active=False)
        body = ask_about(api(personas.dpo), leaver, own_dataset)
        assert codes(body) == ["account_inactive"]
