"""The world is built once per module (about 150 URLs are requested against it) inside a transaction that
is rolled back when the module ends; each test runs in a savepoint of its own (pytest-django's ``db``)
that is rolled back too. Modules using these fixtures are marked ``django_db``, which is what makes
pytest-django create the test database before the module's world is built."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings

from tests.consultation import give_reason
from tests.security.matrix import PERSONAS
from tests.security.world import World, build_world


@dataclass(frozen=True)
class Site:
    world: World
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world: World, django_db_blocker) -> dict[str, Client]:
    """A signed-in client per persona, each having given a reason for looking at sensitive records, so that
    the matrix tests permissions rather than the reason page."""
    signed_in: dict[str, Client] = {}
    with django_db_blocker.unblock():
        for persona in PERSONAS:
            client = Client()
            client.force_login(getattr(world.personas, persona))
            give_reason(client)
            signed_in[persona] = client
    return signed_in


@pytest.fixture
def site(world: World, clients: dict[str, Client], db: None) -> Site:
    """The world and the personas' clients; the test itself runs in a savepoint (pytest-django's ``db``)
    inside the module's transaction. The cache, where the API's throttles count, starts empty."""
    cache.clear()
    return Site(world, clients)
