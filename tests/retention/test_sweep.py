"""The sweep: exactly the records due and not on hold are disposed of, with their dependent rows,
history rows, permission rows and files, each leaving one tombstone; a dry run changes nothing."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from ethics.models import CasePaper
from retention.models import DisposalRecord, Method, PendingFileDeletion, SweepRun
from retention.services import hold_place, hold_release
from retention.sweep import Planned, sweep
from tests.retention.conftest import TODAY, case_of, paper, paper_schedule

YEARS_AGO_8 = datetime.date(2018, 10, 1)
YEARS_AGO_6 = datetime.date(2020, 10, 1)


@pytest.fixture
def papers(committee, personas):
    case = case_of(committee, personas.analyst)
    return case, paper(case, YEARS_AGO_8, personas.analyst), paper(case, YEARS_AGO_6, personas.analyst)


def test_a_due_record_is_deleted_with_its_history_and_file_and_leaves_a_tombstone(personas, papers):
    schedule = paper_schedule(personas.dpo)
    case, old, recent = papers
    name = old.file.name
    assert default_storage.exists(name) and old.history.count() == 1

    report = sweep(today=TODAY)

    assert report.counts["deleted"] == 1
    assert not CasePaper.objects.filter(pk=old.pk).exists()
    assert not CasePaper.history.filter(id=old.pk).exists()
    assert not default_storage.exists(name)
    assert not PendingFileDeletion.objects.exists()
    assert CasePaper.objects.filter(pk=recent.pk).exists() and default_storage.exists(recent.file.name)
    tombstone = DisposalRecord.objects.get()
    assert (tombstone.record_type, tombstone.record_id, tombstone.method) == (
        "ethics.casepaper",
        old.pk,
        Method.DELETED,
    )
    assert tombstone.label == f"Paper {old.pk} of ethics case {case.reference}"
    assert tombstone.schedule == schedule and tombstone.due_on == datetime.date(2025, 10, 1)
    assert tombstone.trigger_on == YEARS_AGO_8 and len(tombstone.sha256) == 64
    assert tombstone.detail["files"] == 1 and tombstone.detail["rows"] == {"ethics.CasePaper": 1}
    assert "Force records policy" in tombstone.authority and tombstone.authorised_by.is_system_actor
    assert SweepRun.objects.get().counts["deleted"] == 1


def test_the_sweep_is_idempotent(personas, papers):
    paper_schedule(personas.dpo)
    sweep(today=TODAY)
    again = sweep(today=TODAY)
    assert again.counts["deleted"] == 0 and DisposalRecord.objects.count() == 1


def test_a_dry_run_changes_nothing(personas, papers):
    paper_schedule(personas.dpo)
    _, old, _ = papers
    seen: list[Planned] = []
    report = sweep(today=TODAY, dry_run=True, on_step=seen.append)
    assert report.counts["deleted"] == 1 and [p.record_id for p in seen] == [old.pk]
    assert CasePaper.objects.count() == 2 and default_storage.exists(old.file.name)
    assert not DisposalRecord.objects.exists() and not SweepRun.objects.exists()


def test_nothing_is_disposed_of_a_day_early(personas, papers):
    paper_schedule(personas.dpo)
    assert sweep(today=datetime.date(2025, 9, 30)).counts["deleted"] == 0
    assert sweep(today=datetime.date(2025, 10, 1)).counts["deleted"] == 1


@pytest.mark.parametrize("scope", ["record", "project"])
def test_a_held_record_is_kept_until_the_hold_is_released(personas, papers, scope):
    paper_schedule(personas.dpo)
    case, old, _ = papers
    if scope == "record":
        hold = hold_place(actor=personas.dpo, scope="record", reason="litigation", details="Claim 123",
                          record_type_key="ethics.casepaper", record_id=old.pk)  # fmt: skip
    else:
        hold = hold_place(actor=personas.dpo, scope="project", reason="iopc", details="IOPC ref 2026/1",
                          project=case.project)  # fmt: skip
    report = sweep(today=TODAY)
    assert report.counts["held"] == 1 and CasePaper.objects.filter(pk=old.pk).exists()
    hold_release(hold=hold, actor=personas.dpo, reason="Claim settled")
    assert sweep(today=TODAY).counts["deleted"] == 1
    assert hold.history.count() == 2  # placed and released, both kept


def test_a_hold_needs_its_details(personas, papers):
    with pytest.raises(ValidationError):
        hold_place(actor=personas.dpo, scope="project", reason="other", details=" ", project=papers[0].project)


def test_another_organisations_schedule_does_not_reach_our_records(personas, papers):
    paper_schedule(personas.outsider_dpo)
    assert sweep(today=TODAY).counts["deleted"] == 0


def test_the_tombstone_digest_is_of_the_record_as_it_last_stood(personas, papers):
    from django.core import serializers

    paper_schedule(personas.dpo)
    _, old, _ = papers
    expected = hashlib.sha256(serializers.serialize("json", [old], sort_keys=True).encode()).hexdigest()
    sweep(today=TODAY)
    assert DisposalRecord.objects.get().sha256 == expected


@pytest.mark.needs_postgres
def test_one_sweep_at_a_time(personas, papers):
    from django.db import connections

    from retention.sweep import SWEEP_LOCK, SweepRunning

    paper_schedule(personas.dpo)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [SWEEP_LOCK])
        with pytest.raises(SweepRunning):
            sweep(today=TODAY)
        assert CasePaper.objects.count() == 2
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])
    finally:
        other.close()
    assert sweep(today=TODAY).counts["deleted"] == 1


def test_the_command_lists_a_dry_run(personas, papers):
    from io import StringIO

    from django.core.management import call_command

    paper_schedule(personas.dpo)
    out = StringIO()
    call_command("retention_sweep", "--dry-run", "--date", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Dry run: nothing will be changed." in text and f"Paper {papers[1].pk} of ethics case" in text
    assert "Would have: 1 deleted" in text and CasePaper.objects.count() == 2


def test_candidates_found_in_batches_are_all_swept_a_page_at_a_time(personas, committee, settings, monkeypatch):
    """The keys of many pages are found at once; every batch and every page is worked through."""
    from retention import due

    monkeypatch.setattr(due, "CANDIDATE_BATCH", 3)
    settings.RETENTION_SWEEP_PAGE = 2
    case = case_of(committee, personas.analyst)
    old = [paper(case, YEARS_AGO_8, personas.analyst) for _ in range(7)]
    recent = paper(case, YEARS_AGO_6, personas.analyst)
    paper_schedule(personas.dpo)
    assert sweep(today=TODAY).counts["deleted"] == 7
    assert not CasePaper.objects.filter(pk__in=[p.pk for p in old]).exists()
    assert CasePaper.objects.filter(pk=recent.pk).exists()
    assert DisposalRecord.objects.count() == 7
