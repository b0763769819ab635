"""Tasks run by a real Celery worker on Redis, end to end."""

from __future__ import annotations

import datetime
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from governance.celery import app as celery_app
from governance.tasks import clear_expired_sessions, heartbeat

pytestmark = [pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue():
    """A worker of our own on a queue of our own, so parallel test runs never take each other's tasks."""
    queue = f"test-{uuid.uuid4().hex}"
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=30):
            yield queue
    finally:
        celery_app.conf.task_always_eager = True
        connections.close_all()


def test_a_worker_clears_expired_sessions(worker_queue):
    expired = SessionStore()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(days=1)
    )
    current = SessionStore()
    current.create()

    deleted = clear_expired_sessions.apply_async(queue=worker_queue).get(timeout=30)

    assert deleted == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_the_heartbeat_is_recorded_and_shown_by_healthz(worker_queue, client):
    stamp = heartbeat.apply_async(queue=worker_queue).get(timeout=30)
    body = client.get(reverse("healthz")).json()
    assert body["last_heartbeat"] == stamp
    assert body["redis"] == "ok"
    assert body["worker"].startswith("ok (")
