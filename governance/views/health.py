"""``/healthz``: what a load balancer or an operator needs to know, and nothing more."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from governance.celery import app as celery_app
from governance.tasks import HEARTBEAT_KEY

logger = logging.getLogger(__name__)
WORKER_PING_TIMEOUT = 0.5


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "unavailable"
    return "ok"


def redis_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        client = cache._cache.get_client()  # type: ignore[attr-defined]
        client.ping()
    except Exception:
        logger.exception("Health check: Redis unreachable")
        return "unavailable"
    return "ok"


def worker_status() -> str:
    if celery_app.conf.task_always_eager:
        return "in-process"
    try:
        replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception:
        logger.exception("Health check: could not ask the workers")
        return "unavailable"
    return f"ok ({len(replies)} responding)" if replies else "no worker responding"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_status(), "redis": redis_status(), "worker": worker_status()}
    # When the scheduler (beat) last had a worker run its heartbeat task.
    last_heartbeat = cache.get(HEARTBEAT_KEY) if checks["redis"] == "ok" else None
    # The web process can serve pages without a worker, so only the database and Redis make it unhealthy.
    healthy = checks["database"] == "ok" and checks["redis"] in {"ok", "not configured"}
    degraded = not checks["worker"].startswith(("ok", "in-process"))
    status = "ok" if healthy and not degraded else ("degraded" if healthy else "unavailable")
    return JsonResponse({"status": status, **checks, "last_heartbeat": last_heartbeat}, status=200 if healthy else 503)
