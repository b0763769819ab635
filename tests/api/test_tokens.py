"""Tokens: hashed, expiring, revocable; throttled per token; every call an audit event."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from api.models import ApiToken
from api.tokens import hash_token, token_create, token_revoke
from audit.models import AuditEvent
from governance.workflow import ServiceError
from tests.api.conftest import ApiClient, service_account


def test_only_the_hash_is_stored(personas):
    issued = token_create(user=personas.dpo, name="Reports", days=30, actor=personas.dpo)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(issued.raw) and issued.raw not in token.key_hash
    assert issued.raw.startswith(token.prefix)


def test_a_token_acts_as_its_user_and_records_its_use(personas):
    issued = token_create(user=personas.dpo, name="Reports", days=30, actor=None)
    assert ApiClient(issued.raw).get("/api/datasets/").status_code == 200
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_a_revoked_token_is_refused(personas):
    issued = token_create(user=personas.dpo, name="Reports", days=30, actor=None)
    token_revoke(token=issued.token, actor=personas.dpo)
    assert ApiClient(issued.raw).get("/api/datasets/").status_code == 401


def test_an_expired_token_is_refused(personas, time_machine):
    issued = token_create(user=personas.dpo, name="Reports", days=1, actor=None)
    time_machine.move_to(issued.token.expires_at + datetime.timedelta(seconds=1))
    assert ApiClient(issued.raw).get("/api/datasets/").status_code == 401


def test_an_unknown_token_and_no_token_are_refused(db):
    assert ApiClient("dsg_nonsense").get("/api/datasets/").status_code == 401
    assert Client().get("/api/datasets/").status_code == 401


def test_a_token_needs_a_name_and_a_sensible_life(personas):
    with pytest.raises(ServiceError):
        token_create(user=personas.dpo, name=" ", days=30, actor=None)
    with pytest.raises(ServiceError):
        token_create(user=personas.dpo, name="x", days=0, actor=None)


def test_the_command_creates_and_revokes(personas, capsys):
    call_command("api_token", "create", "--user", "dpo", "--name", "Reports", "--days", "90")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw)
    call_command("api_token", "revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    call_command(
        "api_token", "create", "--service-account", "Analytics platform", "--organisation", "WMP", "--name", "Prod"
    )
    assert ApiToken.objects.filter(service_account__name="Analytics platform").count() == 1


def test_a_service_account_cannot_sign_in_and_reads_as_an_auditor(personas):
    account = service_account(personas.organisation)
    assert not account.user.has_usable_password()
    assert account.user.reads_whole_organisation() and account.user.organisation == personas.organisation


def test_calls_beyond_the_rate_are_429(personas, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"api": "3/minute"}}
    client = ApiClient(token_create(user=personas.dpo, name="a", days=1, actor=None).raw)
    other = ApiClient(token_create(user=personas.dpo, name="b", days=1, actor=None).raw)
    assert [client.get("/api/datasets/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert other.get("/api/datasets/").status_code == 200  # per token, not per user


def test_each_call_is_an_audit_event(personas):
    issued = token_create(user=personas.dpo, name="Reports", days=30, actor=None)
    ApiClient(issued.raw).get("/api/datasets/")
    ApiClient(issued.raw).get("/api/datasets/999999/")
    events = AuditEvent.objects.filter(action__startswith="api.datasets").order_by("pk")
    assert [(e.action, e.actor_id, e.details) for e in events] == [
        ("api.datasets.list", personas.dpo.pk, {"method": "GET", "status": 200, "token": issued.token.pk}),
        ("api.datasets.retrieve", personas.dpo.pk, {"method": "GET", "status": 404, "token": issued.token.pk}),
    ]


def test_a_service_account_is_not_listed_as_staff_who_train(client, personas):
    from api.tokens import service_account_create

    service_account_create(actor=personas.dpo, organisation=personas.organisation, name="Analytics platform")
    client.force_login(personas.dpo)
    page = client.get("/training/staff/").text
    assert "Analytics platform" not in page
