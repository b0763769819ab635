"""Housekeeping tasks of the core app. Tasks take ids, re-fetch, and are safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from governance.submissions import prune

HEARTBEAT_KEY = "governance:worker-heartbeat"


@shared_task(name="governance.tasks.clear_expired_sessions", ignore_result=False)
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry, so signed-out sessions do not pile up. Returns how many."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="governance.tasks.heartbeat")
def heartbeat() -> str:
    """Record that a worker ran a scheduled task just now (beat and worker are both alive)."""
    stamp = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, stamp, timeout=60 * 60)
    return stamp


@shared_task(name="governance.tasks.prune_form_submissions")
def prune_form_submissions() -> int:
    """Daily: forget the one-time keys of forms sent more than a day ago. Returns how many."""
    return prune()
