"""A page of due records is deleted together, in a statement per table: each record still gets its own
tombstone (with the digest of exactly its rows), its own audit event, and the same rows go as when records
are deleted one by one; a record a kept record refers to is blocked without holding back the others; and
the number of queries does not grow with the number of records."""

from __future__ import annotations

import hashlib

from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from dpia.models import DpoComment, RemedialAction, Screening, ScreeningVersion
from retention.disposal import _collect, _full_rows
from retention.models import BlockedDisposal, DisposalRecord, RetentionSchedule
from retention.sweep import sweep
from tests.retention.conftest import TODAY
from tests.retention.test_actions import decided_long_ago, screening_schedule


def django_digest(screening: Screening) -> str:
    """The digest as the one-by-one deletion computed it: Django's JSON serialiser over the record's rows."""
    rows = [row for group in _full_rows(_collect([screening])).values() for row in group]
    ordered = sorted(rows, key=lambda obj: (obj._meta.label_lower, str(obj.pk)))
    return hashlib.sha256(serializers.serialize("json", ordered, sort_keys=True).encode()).hexdigest()


def test_a_page_of_screenings_goes_together_each_with_its_own_tombstone_and_event(personas):
    screenings = [decided_long_ago(personas, outcome=outcome) for outcome in ("B", "A", "B")]
    digests = {s.pk: django_digest(Screening.objects.get(pk=s.pk)) for s in screenings}  # as the rows stand
    rows_of = {s.pk: ScreeningVersion.objects.filter(screening=s).count() for s in screenings}
    screening_schedule(personas)

    assert sweep(today=TODAY).counts["deleted"] == 3

    assert not Screening.objects.exists() and not Screening.history.exists()
    assert not ScreeningVersion.objects.exists() and not DpoComment.objects.exists()
    assert not RemedialAction.objects.exists() and not RemedialAction.history.exists()
    tombstones = {t.record_id: t for t in DisposalRecord.objects.all()}
    assert set(tombstones) == set(digests)
    for pk, tombstone in tombstones.items():
        assert tombstone.sha256 == digests[pk]
        assert tombstone.detail["rows"]["dpia.Screening"] == 1
        assert tombstone.detail["rows"]["dpia.ScreeningVersion"] == rows_of[pk]
        assert tombstone.detail["history_rows"] >= 1
    with_actions = {t.record_id for t in tombstones.values() if "dpia.RemedialAction" in t.detail["rows"]}
    assert with_actions == {screenings[0].pk, screenings[2].pk}
    events = AuditEvent.objects.filter(action="retention.deleted")
    assert sorted(int(e.record_id) for e in events) == sorted(digests)
    assert {e.details["disposal_record"] for e in events} == {t.pk for t in tombstones.values()}


def test_one_blocked_record_does_not_hold_back_the_rest_of_its_page(personas):
    kept = decided_long_ago(personas, outcome="C")  # C opens an assessment, which a kept record refers to
    going = [decided_long_ago(personas), decided_long_ago(personas)]
    screening_schedule(personas)

    report = sweep(today=TODAY)

    assert report.counts["deleted"] == 2 and report.counts["blocked"] == 1
    assert list(Screening.objects.values_list("pk", flat=True)) == [kept.pk]
    assert BlockedDisposal.objects.get().record_id == kept.pk
    assert set(DisposalRecord.objects.values_list("record_id", flat=True)) == {s.pk for s in going}


def _queries_to_sweep(personas, records: int) -> int:
    for _ in range(records):
        decided_long_ago(personas)
    schedule = screening_schedule(personas)
    with CaptureQueriesContext(connection) as queries:
        assert sweep(today=TODAY).counts["deleted"] == records
    RetentionSchedule.objects.filter(pk=schedule.pk).update(active=False)
    return len(queries)


def test_the_queries_do_not_grow_with_the_records_on_a_page(personas):
    _queries_to_sweep(personas, 1)  # the first sweep also makes its system actor
    assert _queries_to_sweep(personas, 2) == _queries_to_sweep(personas, 6)


def test_the_digests_serialisation_is_djangos_for_every_kind_of_row(personas, committee):
    """Each row is serialised as ``serializers.serialize("python", ...)`` would (the digests of earlier
    disposals must stay reproducible), files, JSON, dates and foreign keys included."""
    from django.apps import apps

    from retention.disposal import _as_python
    from tests.retention.conftest import case_of, paper

    decided_long_ago(personas)
    paper(case_of(committee, personas.analyst), TODAY, personas.analyst)
    compared = 0
    for model in apps.get_models():
        for row in model._base_manager.all()[:3]:
            assert _as_python(row) == serializers.serialize("python", [row])[0], model.__name__
            compared += 1
    assert compared > 40
