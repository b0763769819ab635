"""Browser tests: Debian's Chromium driven by Playwright, with axe-core checking each page visited.

Run serially (``make test`` runs them in their own pytest process without xdist).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test's thread; the tests' database calls are
# ordinary synchronous ones, so Django's guard against async use would stop them for no reason.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def give_reason(page: Any, reason: str = "Reviewing this screening for the DPO queue") -> None:
    """Answer the once-a-session question a record with special category data asks (DPA 2018 s.62)."""
    page.wait_for_url("**/audit/justify/**")
    assert_accessible(page)
    page.get_by_label("Why do you need to see records").fill(reason)
    page.get_by_role("button", name="Continue to the record").click()


def _known_govuk_issue(rule: str, node: dict[str, Any]) -> bool:
    """GOV.UK Frontend puts ``aria-expanded`` on radios and checkboxes that reveal a follow-up question.
    ARIA does not list it for those roles, so axe reports it; the Design System keeps it on purpose
    because screen readers announce it (alphagov/govuk-frontend#979, a documented known issue)."""
    html = node.get("html", "")
    return (
        rule == "aria-allowed-attr"
        and "aria-expanded" in html
        and ("govuk-radios__input" in html or "govuk-checkboxes__input" in html)
    )


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical accessibility problems axe-core finds on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's content security policy does
        # not govern; a <script> tag added to the page would be refused, as the policy means it to be.
        page.evaluate(AXE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        nodes = [n for n in violation["nodes"] if not _known_govuk_issue(violation["id"], n)]
        if nodes:
            problems.append(
                {
                    "id": violation["id"],
                    "impact": violation["impact"],
                    "help": violation["help"],
                    "nodes": [n["target"] for n in nodes],
                }
            )
    return problems


def assert_accessible(page: Any) -> None:
    problems = axe_violations(page)
    assert not problems, f"axe found serious or critical problems on {page.url}: {problems}"
