"""The permission matrix: every URL of the site, requested by every persona against real records, answers as
``matrix.py`` declares — anonymous people are sent to sign in, the other organisation's people get 404 on
every record, people who may see a record but not act on it get 403 on the action, and the right people
succeed. The URLs come from the URL configuration itself, so a URL nobody declared fails
``test_every_url_declares_who_may_use_it``.

Each request that may change something runs in a savepoint that is rolled back, so every persona meets
the same world; the personas' clients keep their sessions (and the reason they gave for looking at
sensitive records) for the whole module.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from governance.models import User
from tests.security.conftest import Site
from tests.security.matrix import API, MATRIX, NOT_FOUND, OK, PERSONAS, PUBLIC, Url, address
from tests.security.routes import FRAMEWORK, site_routes
from tests.security.world import World

pytestmark = pytest.mark.django_db

ROUTES = {route.name: route for route in site_routes()}
POST_SUCCESS = {200, 302, 400}  # the form again (with its errors), done, or the input refused


def test_every_url_declares_who_may_use_it():
    undeclared = [route for route in site_routes() if route.name not in MATRIX]
    assert not undeclared, "\n".join(
        [f"{route.name} ({route.route}, from {route.module}) has no declared expectations." for route in undeclared]
        + [
            "Declare who may use each in MATRIX in tests/security/matrix.py (its docstring says how; an unnamed "
            "pattern needs a name first); only framework URLs are exempt, in FRAMEWORK in "
            f"tests/security/routes.py ({len(FRAMEWORK)} groups)."
        ]
    )
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, f"Declared in tests/security/matrix.py but no longer a URL: {', '.join(stale)}"


# URLs that name a record, less those whose entry says why the other organisation may see it (``outsiders=``).
RECORD_URLS = [name for name, url in MATRIX.items() if name in ROUTES and ROUTES[name].kwargs and not url.outsiders]


@pytest.mark.parametrize("name", RECORD_URLS)
def test_record_urls_are_not_found_by_the_other_organisation(name):
    url = MATRIX[name]
    for expect in (url.get, url.post):
        for persona in ("outsider", "outsider_dpo"):
            assert expect is None or expect[persona] == NOT_FOUND, (
                f"{name} names a record of West Midlands Police: {persona} must get 404, or the entry must say "
                "why not (outsiders=...)."
            )


def _request(client: Client, method: str, path: str, url: Url, world: World) -> Any:
    """One request, its changes rolled back, the client's session kept (a sign-out ends only the copy)."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        try:
            if method == "get":
                return client.get(path)
            data = url.data(world) if url.data else {}
            if url.anonymous == API:
                return client.post(path, data, content_type="application/json")
            return client.post(path, data)
        finally:
            transaction.set_rollback(True)
            if cookie is not None:
                client.cookies[settings.SESSION_COOKIE_NAME] = cookie.value


def _redirect(response: HttpResponse) -> str:
    return urlsplit(response["Location"]).path if response.status_code == 302 else ""


def _sent_to_sign_in(response: HttpResponse, path: str) -> bool:
    if _redirect(response) != resolve_url(settings.LOGIN_URL):
        return False
    return parse_qs(urlsplit(response["Location"]).query).get("next") == [path]


def _meets(method: str, path: str, url: Url, expected: int, response: HttpResponse) -> bool:
    status = response.status_code
    if _sent_to_sign_in(response, path) or _redirect(response) == reverse("audit:justify"):
        return False  # not signed in after all, or asked for a reason: not the permission under test
    if expected != OK:
        return status == expected
    return status == url.get_ok if method == "get" else status in POST_SUCCESS


def _describe(status: Any) -> str:
    return {OK: "success", 403: "403", 404: "404", 405: "405"}.get(status, str(status))


@pytest.mark.parametrize("name", list(MATRIX))
def test_each_persona_gets_what_it_should(site: Site, name: str):
    url = MATRIX[name]
    path = address(name, site.world)
    failures: list[str] = []

    def check(who: str, method: str, expected: str, response: Any, error: str = "") -> None:
        got = error or f"{response.status_code}" + (
            f" to {response['Location']}" if response.status_code == 302 else ""
        )
        failures.append(f"{method.upper()} {path} as {who}: expected {expected}, got {got}")

    for method in ("get", "post"):
        expect = url.get if method == "get" else url.post
        if expect is None:  # the URL refuses this method, whoever asks
            other = url.post if method == "get" else url.get
            persona = next(persona for persona, status in (other or {}).items() if status == OK)
            response = _request(site.clients[persona], method, path, url, site.world)
            if response.status_code != 405:
                check(persona, method, "405", response)
            continue

        anonymous = _request(Client(), method, path, url, site.world)
        if url.anonymous == API:
            if anonymous.status_code != 401:
                check("anonymous", method, "401", anonymous)
        elif url.anonymous == PUBLIC:
            if not _meets(method, path, url, OK, anonymous) and not (method == "get" and anonymous.status_code == 200):
                check("anonymous", method, "the public page", anonymous)
        elif not _sent_to_sign_in(anonymous, path):
            check("anonymous", method, f"a redirect to sign in, then back to {path}", anonymous)

        for persona, expected in expect.items():
            try:
                response = _request(site.clients[persona], method, path, url, site.world)
            except Exception as error:  # noqa: BLE001  (a server error is reported with the others)
                check(persona, method, _describe(expected), None, f"a server error: {error!r}")
                continue
            if not _meets(method, path, url, expected, response):
                check(persona, method, _describe(expected), response)

    assert not failures, f"{name}:\n" + "\n".join(failures)


def test_the_admin_is_for_staff_only(site: Site):
    index = reverse("admin:index")
    admin_sign_in = reverse("admin:login")
    anonymous = Client().get(index)
    assert anonymous.status_code == 302 and _redirect(anonymous) == admin_sign_in
    for persona in PERSONAS:
        response = site.clients[persona].get(index)
        assert response.status_code == 302 and _redirect(response) == admin_sign_in, persona
    staff = User.objects.create_superuser("admin", "admin@example.org", "a long and unusual password")
    client = Client()
    client.force_login(staff)
    assert client.get(index).status_code == 200
