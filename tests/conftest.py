"""Shared fixtures: the personas, and the rule for tests that need a service.

Tests marked ``needs_postgres``, ``needs_redis`` or ``browser`` skip with a reason when the service
is missing on a developer's machine, and fail in CI (``CI=true``), where it must be there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import pytest
from django.conf import settings
from django.core.cache import cache as django_cache

from governance.models import Organisation, User
from governance.roles import Role
from tests.factories import OrganisationFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


@cache
def _postgres_missing() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://… (this run uses SQLite)"
    return None


@cache
def _redis_missing() -> str | None:
    if not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"needs Redis at {settings.REDIS_URL}, which did not answer: {error}"
    return None


@cache
def _chromium_missing() -> str | None:
    if not os.path.exists("/usr/bin/chromium"):
        return "needs Debian's Chromium at /usr/bin/chromium (make test installs it when run as root)"
    if not (settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js").exists():
        return "needs axe-core from npm (make test installs it)"
    return None


_CHECKS = {"needs_postgres": _postgres_missing, "needs_redis": _redis_missing, "browser": _chromium_missing}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, check in _CHECKS.items():
        if item.get_closest_marker(marker) and (reason := check()):
            if IN_CI:
                pytest.fail(f"{reason} — CI must provide it", pytrace=False)
            pytest.skip(reason)


@dataclass
class Personas:
    """The demo roles in one organisation, plus people of another organisation."""

    organisation: Organisation
    other_organisation: Organisation
    dpo: User
    siro: User
    iao: User
    analyst: User
    colleague: User  # another analyst in the same organisation, with no rights on others' records
    secretary: User
    member: User
    signatory: User
    auditor: User
    outsider: User  # an analyst at another organisation
    outsider_dpo: User  # the other organisation's DPO: a DPO's reach stops at their own organisation


def make_personas() -> Personas:
    """The personas, made in the database the caller has open (a test's, or a module's shared one)."""
    home = OrganisationFactory(name="West Midlands Police", short_code="WMP")
    other = OrganisationFactory(name="Humberside Police", short_code="HP")

    def person(username: str, role: Role, organisation: Organisation = home) -> User:
        return UserFactory(username=username, organisation=organisation, roles=[role])

    return Personas(
        organisation=home,
        other_organisation=other,
        dpo=person("dpo", Role.DPO),
        siro=person("siro", Role.SIRO),
        iao=person("iao", Role.ASSET_OWNER),
        analyst=person("analyst", Role.ANALYST),
        colleague=person("colleague", Role.ANALYST),
        secretary=person("secretary", Role.ETHICS_SECRETARY),
        member=person("member", Role.ETHICS_MEMBER),
        signatory=person("signatory", Role.SIGNATORY),
        auditor=person("auditor", Role.AUDITOR),
        outsider=person("outsider", Role.ANALYST, other),
        outsider_dpo=person("outsider_dpo", Role.DPO, other),
    )


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def worker_queue():
    """A real Celery worker on Redis, consuming a queue of its own so that parallel test runs never take
    each other's tasks. Use with ``pytest.mark.django_db(transaction=True)`` and ``needs_redis``."""
    import uuid

    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from governance.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex}"
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=30):
            yield queue
    finally:
        celery_app.conf.task_always_eager = True
        connections.close_all()


def forget_kept_pages() -> None:
    """Empty the cache, so that the next view of a kept list page (``governance.caching.cached_page``) is
    worked out afresh: its queries counted and its context filled, as on a first view."""
    django_cache.clear()
