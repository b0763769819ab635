"""A sweep killed outright (kill -9 of a real worker on Redis, part-way through) and run again ends
exactly where an uninterrupted sweep of the same records ends: the same records gone, one tombstone
each, their history rows gone, and no orphan rows or files."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from ethics.models import CasePaper
from governance.models import User
from retention.models import DisposalRecord, PendingFileDeletion
from retention.services import hold_place
from retention.sweep import SweepRunning, sweep
from tests.retention.conftest import case_of, paper, paper_schedule

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]

DUE, KEPT = 60, 8
LONG_AGO = datetime.date.today() - datetime.timedelta(days=9 * 365)


def build(committee, lead: User, dpo: User) -> dict[int, str]:
    """Due and kept papers on three cases, one held; each paper's key names it the same way in any run."""
    paper_schedule(dpo)
    keys: dict[int, str] = {}
    cases = [case_of(committee, lead, number=100 * lead.pk + n) for n in range(3)]
    for n in range(DUE + KEPT):
        on = LONG_AGO if n < DUE else datetime.date.today()
        keys[paper(cases[n % 3], on, lead).pk] = f"case{n % 3}-paper{n}"
    held = next(pk for pk, key in keys.items() if key == "case0-paper0")
    hold_place(actor=dpo, scope="record", reason="litigation", details="Claim", record_type_key="ethics.casepaper",
               record_id=held)  # fmt: skip
    return keys


def state(keys: dict[int, str]) -> dict[str, object]:
    """The end state, by the papers' own keys (their ids differ between runs)."""
    remaining = set(CasePaper.objects.filter(pk__in=keys).values_list("pk", flat=True))
    tombstones = list(DisposalRecord.objects.filter(record_id__in=keys).values_list("record_id", flat=True))
    gone = set(keys) - remaining
    return {
        "remaining": sorted(keys[pk] for pk in remaining),
        "tombstones": sorted(keys[pk] for pk in tombstones),
        "one tombstone each": len(tombstones) == len(set(tombstones)) == len(gone),
        "history of the gone": CasePaper.history.filter(id__in=gone).count(),
        "history of the kept": len(set(CasePaper.history.filter(id__in=remaining).values_list("id", flat=True))),
    }


def stored_files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def start_worker(queue: str, media: Path) -> subprocess.Popen[bytes]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "governance.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        "RETENTION_SWEEP_PAGE": "4",
        "RETENTION_SWEEP_PAUSE_MS": "150",
    }
    command = [sys.executable, "-m", "celery", "-A", "governance", "worker", "--pool=solo", "-Q", queue,
               "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def rerun() -> None:
    """Sweep again; the killed worker's lock goes with its connection, which the server may take a moment
    to notice."""
    deadline = time.monotonic() + 30
    while True:
        try:
            sweep()
            return
        except SweepRunning:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_a_killed_sweep_rerun_ends_where_an_uninterrupted_one_does(committee, personas, media):
    from governance.celery import app
    from retention.tasks import retention_sweep

    killed = build(committee, personas.analyst, personas.dpo)
    queue = f"test-{uuid.uuid4().hex}"
    worker = start_worker(queue, media)
    app.conf.task_always_eager = False
    try:
        retention_sweep.apply_async(queue=queue)
        # Part-way: some pages committed, most not.
        wait_for(lambda: DisposalRecord.objects.filter(record_id__in=killed).count() >= 8)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        app.conf.task_always_eager = True
        if worker.poll() is None:
            worker.kill()
    part_way = DisposalRecord.objects.filter(record_id__in=killed).count()
    assert 8 <= part_way < DUE - 1, "the worker was to be killed part-way through"

    rerun()
    after_kill = state(killed)

    # The same records, swept without interruption (in another organisation, with its own schedule).
    uninterrupted = build(committee, personas.outsider, personas.outsider_dpo)
    sweep()

    assert after_kill == state(uninterrupted)
    assert after_kill["one tombstone each"] and after_kill["history of the gone"] == 0
    assert len(after_kill["remaining"]) == KEPT + 1  # the recent ones and the held one
    assert not PendingFileDeletion.objects.exists()
    # No orphan files: what is stored is exactly the surviving papers' files.
    surviving = set(CasePaper.objects.values_list("file", flat=True))
    assert stored_files(media) == surviving
    assert all(default_storage.exists(name) for name in surviving)
