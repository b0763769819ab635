"""Tasks run by a real Celery worker on Redis, end to end."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from governance.tasks import clear_expired_sessions, heartbeat

pytestmark = [pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]


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
