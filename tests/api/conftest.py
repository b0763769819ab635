"""API fixtures: tokens for the personas and for service accounts, and a client that sends them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from api.models import ServiceAccount
from api.tokens import service_account_create, token_create
from governance.models import Organisation, User
from tests.ethics.conftest import committee  # noqa: F401  (fixture the ethics-advice decisions use)
from tests.isa.conftest import own_dataset, partner_dataset, settled  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts live in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


def token_for(user: User, days: int = 30) -> str:
    return token_create(user=user, name="test", days=days, actor=None).raw


def service_account(organisation: Organisation, name: str = "Analytics platform") -> ServiceAccount:
    return service_account_create(organisation=organisation, name=name, actor=None)


def service_token(account: ServiceAccount) -> str:
    return token_create(user=account.user, service_account=account, name="test", days=30, actor=None).raw


class ApiClient:
    def __init__(self, raw: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, **params: Any):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: dict[str, Any]):
        return self.client.post(path, data, content_type="application/json", headers=self.headers)


def api(user: User) -> ApiClient:
    return ApiClient(token_for(user))


@pytest.fixture
def partner_platform(personas) -> ApiClient:
    """A service account of the other organisation (Humberside)."""
    return ApiClient(service_token(service_account(personas.other_organisation)))


@pytest.fixture
def home_platform(personas) -> ApiClient:
    return ApiClient(service_token(service_account(personas.organisation)))
