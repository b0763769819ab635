"""The hash chain over audit events: sealing (numbering and hashing events in order) and verifying.

Events are written unsealed inside the transaction that does the work, so writers never queue on one
lock while holding row locks. The sealer runs in the worker, queued after each commit that wrote events
(one queued at a time), and every minute from beat; it takes
an advisory lock so one sealer runs at a time, and gives each committed unsealed event, in id order,
the next ``seq``, the previous event's hash, and its own hash over both.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

from audit.models import AuditEvent

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
SEAL_LOCK = 7_305_001  # advisory lock key: one sealer at a time
SEAL_BATCH = 2000
# Set while a sealing task is queued and not yet started, so that a burst of commits queues one.
SEAL_QUEUED = "audit:seal-queued"
SEAL_QUEUED_SECONDS = 60  # if the task is lost, the next commit after this queues another (beat seals too)
CONTENT_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "action",
    "record_type",
    "record_id",
    "organisation_id",
    "project_id",
    "details",
    "justification",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def event_hash(content: dict[str, Any], seq: int, prev_hash: str) -> str:
    """SHA-256 over the event's content, its place in the chain and the previous event's hash."""
    body = {name: _canonical(content[name]) for name in CONTENT_FIELDS}
    body["seq"] = seq
    body["prev_hash"] = prev_hash
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def head() -> tuple[int, str]:
    """The last sealed event's place and hash (0 and the genesis hash when there is none)."""
    last = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
    return (int(last[0] or 0), last[1]) if last else (0, GENESIS)


def seal() -> int:
    """Seal every committed unsealed event; returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK])
            seq, prev = head()
            pending = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:SEAL_BATCH])
            for event in pending:
                seq += 1
                event.seq, event.prev_hash = seq, prev
                event.hash = prev = event_hash(vars(event), seq, event.prev_hash)
            AuditEvent.objects.bulk_update(pending, ["seq", "prev_hash", "hash"])
        sealed += len(pending)
        if len(pending) < SEAL_BATCH:
            return sealed


def seal_after_commit() -> None:
    """Seal once the current transaction commits (once per transaction, however many events it wrote)."""
    if connection.in_atomic_block and any(entry[1] is _seal_robustly for entry in connection.run_on_commit):
        return
    transaction.on_commit(_seal_robustly, robust=True)


def _seal_robustly() -> None:
    """Hand the sealing to the worker, once however many commits ask before it starts (sealing in the
    request cost six statements of every audited page view). Sealed here if the worker cannot be asked;
    a failure must not fail the user's request, whose work has committed, and beat seals every minute."""
    from audit.tasks import seal_events

    try:
        if not cache.add(SEAL_QUEUED, True, SEAL_QUEUED_SECONDS):
            return  # a sealing is queued and has not started: it will take these events too
    except Exception:  # noqa: BLE001 - without the cache, ask the worker anyway
        logger.warning("The cache could not be reached; asking the worker to seal.", exc_info=True)
    try:
        seal_events.delay()
    except Exception:  # noqa: BLE001 - the broker is down: seal in this process
        logger.warning("The worker could not be asked to seal the audit chain; sealing here.", exc_info=True)
        seal()


def queued_sealing_started() -> None:
    """Called by the sealing task as it starts: events committed from now on ask for another."""
    try:
        cache.delete(SEAL_QUEUED)
    except Exception:  # noqa: BLE001
        logger.warning("The cache could not be reached.", exc_info=True)


@dataclass
class Verification:
    events: int
    head: str
    unsealed: int
    broken_at: int | None = None  # the seq of the first event that does not follow
    event_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _sealed_rows() -> Iterator[dict[str, Any]]:
    fields = (*CONTENT_FIELDS, "seq", "prev_hash", "hash")
    yield from AuditEvent.objects.filter(seq__isnull=False).order_by("seq").values(*fields).iterator(2000)


def verify() -> Verification:
    """Recompute the chain from the first event and report the first link that does not hold."""
    expected_seq, prev = 1, GENESIS
    count = 0
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    for row in _sealed_rows():
        problem = ""
        if row["seq"] != expected_seq:
            problem = f"events {expected_seq} to {row['seq'] - 1} are missing (deleted)"
        elif row["prev_hash"] != prev:
            problem = "its link to the previous event does not match"
        elif event_hash(row, row["seq"], prev) != row["hash"]:
            problem = "its content does not match its hash (altered)"
        if problem:
            return Verification(count, prev, unsealed, row["seq"], row["id"], problem)
        prev = row["hash"]
        expected_seq += 1
        count += 1
    return Verification(count, prev, unsealed)
