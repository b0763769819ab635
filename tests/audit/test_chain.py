"""The event log: an event for every service action, sealed into a hash chain that reports the first
broken link, and refused changes on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from audit.chain import GENESIS, head, seal, verify
from audit.events import record_event
from audit.models import AuditEvent
from governance.services.projects import project_update
from tests.factories import ProjectFactory


@pytest.fixture
def events(personas):
    project = ProjectFactory(lead=personas.analyst)
    project_update(
        project=project,
        actor=personas.analyst,
        expected_version=project.version,
        name=project.name,
        purpose="A clearer purpose.",
        lead=project.lead,
        information_asset_owner=project.information_asset_owner,
        information_custodian=project.information_custodian,
        datasets=[],
        start_date=project.start_date,
        end_date=project.end_date,
    )
    record_event("test.something", actor=personas.dpo, organisation_id=personas.organisation.pk)
    seal()
    return project


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The trigger refuses this (see below); a tamperer with the table owner's rights can switch it off.
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def test_each_service_action_is_an_event_named_for_the_service(personas, events):
    project = events
    created = AuditEvent.objects.get(
        record_type="governance.project", record_id=str(project.pk), action__endswith="create"
    )
    assert created.action == "governance.project_create"
    assert created.actor_id == personas.analyst.pk
    assert created.organisation_id == personas.organisation.pk and created.project_id == project.pk
    changed = AuditEvent.objects.get(action="governance.project_update")
    assert changed.details["fields"] == ["purpose"] and changed.details["change"] == "changed"


def test_events_hold_no_personal_data(personas, events):
    """Field names and codes only: the purpose text and the lead's name are nowhere in the log."""
    for event in AuditEvent.objects.all():
        flat = str([event.action, event.record_type, event.record_id, event.details])
        assert "A clearer purpose" not in flat
        assert personas.analyst.last_name not in flat


def test_sealing_chains_every_event_in_order(events):
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    assert head() == (rows[-1].seq, rows[-1].hash)
    assert seal() == 0  # nothing left to seal


def test_an_intact_chain_verifies(events, capsys):
    result = verify()
    assert result.intact and result.events == AuditEvent.objects.count()
    call_command("verify_audit_chain")
    assert "Audit chain intact" in capsys.readouterr().out


def test_an_altered_event_is_reported_as_the_first_broken_link(events):
    victim = AuditEvent.objects.order_by("seq")[1]
    assert victim.seq is not None
    _sql("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["governance.project_delete", victim.pk])
    result = verify()
    assert not result.intact
    assert (result.broken_at, result.event_id) == (victim.seq, victim.pk)
    assert "altered" in result.problem
    with pytest.raises(CommandError, match=f"broken at event {victim.seq} "):
        call_command("verify_audit_chain")


def test_a_deleted_event_is_reported(events):
    victim = AuditEvent.objects.order_by("seq")[1]
    assert victim.seq is not None
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [victim.pk])
    result = verify()
    assert result.broken_at == victim.seq + 1
    assert "missing" in result.problem


def test_a_rehashed_event_still_breaks_the_next_link(events):
    """Rewriting an event and its own hash does not help: the next event names the old hash."""
    from audit.chain import event_hash

    victim = AuditEvent.objects.order_by("seq")[0]
    assert victim.seq is not None
    victim.action = "something.else"
    forged = event_hash(vars(victim), victim.seq, victim.prev_hash)
    _sql("UPDATE audit_auditevent SET action = %s, hash = %s WHERE id = %s", [victim.action, forged, victim.pk])
    result = verify()
    assert result.broken_at == victim.seq + 1 and "link" in result.problem


def test_unsealed_events_are_counted_not_failed(personas, events):
    record_event("test.later", actor=personas.dpo)
    result = verify()
    assert result.intact and result.unsealed == 1


@pytest.mark.needs_postgres
def test_the_database_refuses_to_change_or_delete_an_event(events):
    event = AuditEvent.objects.order_by("seq").first()
    assert event is not None
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(seq=None, hash="")
    with pytest.raises(DatabaseError, match="cannot be deleted"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


@pytest.mark.needs_postgres
def test_the_database_lets_an_unsealed_event_be_sealed_once(personas, events):
    event = record_event("test.later", actor=personas.dpo)
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged", seq=10_000, hash="f" * 64)
    assert seal() == 1
    assert verify().intact


def test_sign_in_is_an_event_without_the_username(client, personas):
    client.post("/accounts/login/", {"username": "nobody-such", "password": "wrong password here"})
    failed = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert failed.actor_id is None and "nobody-such" not in str(vars(failed))
    client.force_login(personas.dpo)
    assert AuditEvent.objects.filter(action="accounts.signed_in", actor_id=personas.dpo.pk).exists()
