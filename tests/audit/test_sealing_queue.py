"""Sealing is handed to the worker after each commit that wrote events, one task at a time however many
commits ask; without the broker the request seals the events itself."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from audit import chain
from audit.events import record_event
from audit.models import AuditEvent

# Real commits: each transaction below commits and runs its on-commit work, as a request does.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    cache.delete(chain.SEAL_QUEUED)

    def commit_an_event(action: str) -> None:
        with transaction.atomic():
            record_event(action, record_type="test", record_id="1")

    with mock.patch("audit.tasks.seal_events.delay") as delay:
        yield commit_an_event, delay
    cache.delete(chain.SEAL_QUEUED)


def test_a_burst_of_commits_queues_one_sealing(queue):
    commit_an_event, delay = queue
    for n in range(3):
        commit_an_event(f"test.event_{n}")
    assert delay.call_count == 1
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 3  # left for the worker


def test_once_the_worker_starts_the_next_commit_queues_another(queue):
    commit_an_event, delay = queue
    commit_an_event("test.first")
    chain.queued_sealing_started()
    commit_an_event("test.second")
    assert delay.call_count == 2


def test_the_worker_seals_what_was_queued(queue):
    from audit.tasks import seal_events

    commit_an_event, _ = queue
    commit_an_event("test.event")
    assert seal_events.run() == 1
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert cache.get(chain.SEAL_QUEUED) is None


def test_without_the_broker_the_request_seals(queue):
    commit_an_event, delay = queue
    delay.side_effect = ConnectionError("broker down")
    commit_an_event("test.event")
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
