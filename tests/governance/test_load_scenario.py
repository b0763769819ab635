"""The load scenario (``bench/``, ``make load-bench``) asks for real pages as people who may see them, signs in
the way the site's form expects, and sums up a run the way Locust counts percentiles."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import Organisation
from governance.scale import PERSONAS
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def scenario(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))  # the locustfile imports it as Locust does, from its folder
    return importlib.import_module("load_scenario")


@pytest.fixture
def summary(scenario: ModuleType) -> ModuleType:
    return importlib.import_module("load_summary")


def test_every_page_is_at_its_address_and_asked_for_by_a_scale_persona(scenario: ModuleType) -> None:
    for page in scenario.PAGES:
        assert page.path == reverse(page.url_name), page.name
        assert page.username in PERSONAS, page.name
    assert sum(page.weight for page in scenario.PAGES) == 100
    assert reverse("login") == scenario.LOGIN_PATH


def _personas(organisation: Organisation) -> None:
    for username, role in PERSONAS.items():
        UserFactory(username=username, organisation=organisation, roles=[role])


@pytest.mark.django_db
def test_each_persona_signs_in_through_the_form_and_gets_each_of_its_pages(scenario: ModuleType) -> None:
    _personas(OrganisationFactory())

    for username, pages in scenario.personas().items():
        client = Client(enforce_csrf_checks=True)
        form = client.get(scenario.LOGIN_PATH)
        token = scenario.CSRF_FIELD.search(form.content.decode())
        assert token is not None
        answer = client.post(
            scenario.LOGIN_PATH,
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        )
        assert scenario.signed_in(answer.status_code, answer.headers.get("Location", "")), username
        for page in pages:
            assert client.get(page.path).status_code == 200, (username, page.name)


@pytest.mark.django_db
def test_a_wrong_password_or_a_missing_token_is_not_taken_for_signed_in(scenario: ModuleType) -> None:
    _personas(OrganisationFactory())
    client = Client(enforce_csrf_checks=True)
    token = scenario.CSRF_FIELD.search(client.get(scenario.LOGIN_PATH).content.decode()).group(1)

    wrong = client.post(
        scenario.LOGIN_PATH, {"username": "scale-dpo", "password": "not the password", "csrfmiddlewaretoken": token}
    )
    no_token = client.post(scenario.LOGIN_PATH, {"username": "scale-dpo", "password": PASSWORD})

    assert not scenario.signed_in(wrong.status_code, wrong.headers.get("Location", ""))
    assert not scenario.signed_in(no_token.status_code, no_token.headers.get("Location", ""))
    assert not scenario.signed_in(302, "/accounts/two-factor/verify/?next=/")


def _entry(name: str, times: dict[int, int], failures: int = 0) -> dict[str, Any]:
    return {
        "name": name,
        "num_requests": sum(times.values()),
        "num_failures": failures,
        "response_times": {str(ms): count for ms, count in times.items()},  # JSON keys are strings
        "max_response_time": max(times),
    }


def _meta(seconds: float = 10.0) -> dict[str, Any]:
    return {
        "users": 4,
        "rate_per_user": 3.0,
        "sign_ins": 4,
        "sign_in_failures": 0,
        "measure_start": 1000.0,
        "measure_end": 1000.0 + seconds,
    }


def test_percentiles_follow_locusts_definition(summary: ModuleType) -> None:
    # Locust (stats.calculate_response_time_percentile): counting down from the slowest, the time at which
    # the requests counted reach n - int(n * p).
    histogram = {10: 97, 200: 2, 900: 1}

    assert summary.percentile(histogram, 0.5) == 10
    assert summary.percentile(histogram, 0.96) == 10
    assert summary.percentile(histogram, 0.97) == 200
    assert summary.percentile(histogram, 0.99) == 900
    assert summary.percentile(histogram, 1.0) == 900
    assert summary.percentile({}, 0.99) is None


def test_the_overall_figures_merge_the_pages_and_leave_out_sign_in(summary: ModuleType, scenario: ModuleType) -> None:
    names = [page.name for page in scenario.PAGES]
    stats = [_entry(name, {20: 100, 100: 50}) for name in names] + [_entry(scenario.SIGN_IN, {3000: 4})]

    result = summary.summarise(stats, _meta(seconds=10))

    assert result["requests"] == 150 * len(names)
    assert result["rps"] == 15.0 * len(names)
    assert result["p50_ms"] == 20 and result["p99_ms"] == 100  # sign-in's 3 s is not among them
    assert result["pages"][names[0]]["rps"] == 15.0
    assert result["within_budget"] is (result["rps"] >= scenario.BUDGET_RPS_MIN)
    assert not summary.failed(result)


def test_a_slow_run_misses_the_budget_but_is_not_a_failure(summary: ModuleType, scenario: ModuleType) -> None:
    stats = [_entry(page.name, {400: 990, 2000: 10}) for page in scenario.PAGES]

    result = summary.summarise(stats, _meta(seconds=10))

    assert result["rps"] >= scenario.BUDGET_RPS_MIN
    assert result["p99_ms"] == 2000
    assert result["within_budget"] is False
    assert not summary.failed(result)


def test_a_failed_request_a_failed_sign_in_or_a_page_not_asked_for_fails_the_run(
    summary: ModuleType, scenario: ModuleType
) -> None:
    pages = [page.name for page in scenario.PAGES]
    failing = summary.summarise([_entry(name, {20: 10}, failures=int(name == pages[0])) for name in pages], _meta())
    missing = summary.summarise([_entry(name, {20: 10}) for name in pages[1:]], _meta())
    no_sign_in = summary.summarise([], {**_meta(), "sign_in_failures": 1, "measure_start": None})

    assert summary.failed(failing) and failing["within_budget"] is False
    assert summary.failed(missing)
    assert summary.failed(no_sign_in) and no_sign_in["seconds"] == 0
