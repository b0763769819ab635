from __future__ import annotations

from unittest import mock

from django.db.utils import OperationalError
from django.urls import reverse

from governance.views import health


def test_it_reports_each_service(client, db, settings):
    body = client.get(reverse("healthz")).json()
    assert body["database"] == "ok"
    assert body["worker"] == "in-process"  # the suite runs tasks in-process (see tests/settings.py)
    if settings.REDIS_URL:
        assert body["redis"] == "ok"
    else:
        assert body["redis"] == "not configured"
        assert body["status"] == "ok"


def test_a_database_that_does_not_answer_makes_it_unhealthy(client, db):
    with mock.patch.object(health.connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "unavailable"


def test_it_is_not_cached(client, db):
    assert "no-cache" in client.get(reverse("healthz"))["Cache-Control"]
