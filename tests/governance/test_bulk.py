"""Many rows inserted at once (COPY on PostgreSQL) come back with their keys, stored as ``bulk_create``
would store them, and change the data version as any other write does."""

from __future__ import annotations

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from governance import caching
from governance.bulk import insert
from retention.models import DisposalRecord, RetentionSchedule

pytestmark = pytest.mark.needs_postgres


def test_rows_come_back_with_their_keys_and_are_stored_as_given(personas):
    made = insert(
        [
            AuditEvent(
                occurred_at=timezone.now(), action="test.bulk", record_type="test", record_id=str(n), details={"n": n}
            )
            for n in range(5)
        ]
    )
    assert all(event.pk for event in made) and len({event.pk for event in made}) == 5
    stored = {event.pk: event for event in AuditEvent.objects.filter(action="test.bulk")}
    assert set(stored) == {event.pk for event in made}
    assert [stored[event.pk].details for event in made] == [{"n": n} for n in range(5)]
    assert all(stored[event.pk].justification == "" for event in made)  # the default applied
    later = AuditEvent.objects.create(occurred_at=timezone.now(), action="test.after")
    assert later.pk > max(event.pk for event in made)  # the sequence moved on


def test_a_table_the_pages_read_changes_the_data_version(personas):
    schedule = RetentionSchedule.objects.create(
        organisation=personas.organisation, record_type="dpia.screening", name="Test", period_value=1,
        period_unit="years", trigger="created", action="delete", authority="Test", created_by=personas.dpo,
    )  # fmt: skip
    before = caching.data_version()
    (tombstone,) = insert(
        [DisposalRecord(organisation=personas.organisation, record_type="dpia.screening", record_id=1, label="S-1",
                        schedule=schedule, schedule_summary="-", due_on="2026-01-01", method="deleted",
                        authorised_by=personas.dpo, authority="-", sha256="a" * 64)]
    )  # fmt: skip
    assert caching.data_version() != before
    assert DisposalRecord.objects.get(pk=tombstone.pk).label == "S-1"


def test_nothing_to_insert_is_nothing_done(db):
    assert insert([]) == []
