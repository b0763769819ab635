"""The content security policy in a real browser: the key pages, signed in, load with nothing blocked, and
GOV.UK Frontend's scripts (our own static files) still run. The API documentation page, the one page with
a relaxed policy, draws Redoc with nothing blocked either.

A policy the templates break fails quietly in the browser (a style not applied, a script not run), so the
test listens for what Chromium reports: console messages about the Content Security Policy and the
page's ``securitypolicyviolation`` events.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from dpia.models import Screening
from governance.models import Project
from tests.browser.conftest import sign_in
from tests.dpia.conftest import submitted
from tests.factories import PASSWORD, DatasetFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document before its own scripts, and outside the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def violations_on(page: Any, console: list[str]) -> list[str]:
    reported = page.evaluate("window.__cspViolations || []")
    return reported + [text for text in console if "Content Security Policy" in text]


def test_key_pages_load_with_nothing_blocked_and_govuk_frontend_running(page, personas):
    screening = submitted(personas.analyst)
    project: Project = screening.project
    dataset = DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)

    sign_in(page, "dpo", PASSWORD)
    addresses = [
        reverse("home"),
        reverse("project_list"),
        project.get_absolute_url(),
        reverse("project_create"),
        dataset.get_absolute_url(),
        Screening.objects.get(pk=screening.pk).get_absolute_url(),
        reverse("dpia:review_queue"),
        reverse("isa:register"),
        reverse("dashboard:index"),
        reverse("accounts:two_factor"),
    ]
    for address in addresses:
        console.clear()
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert page.url.endswith(address), f"{address} sent the DPO to {page.url}"
        assert not violations_on(page, console), f"{address}: {violations_on(page, console)}"
        body_classes = page.locator("body").get_attribute("class").split()
        assert "govuk-frontend-supported" in body_classes, address
        # initAll (static/js/app.js, a module) marks each component it starts.
        assert page.locator("[data-module=govuk-skip-link][data-govuk-skip-link-init]").count() == 1, address


def test_the_api_documentation_draws_with_nothing_blocked(page, personas):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, "dpo", PASSWORD)

    page.goto(reverse("api:docs"))
    page.get_by_role("heading", name=settings.SPECTACULAR_SETTINGS["TITLE"]).first.wait_for()
    page.wait_for_load_state("networkidle")

    # Redoc's side menu shows Redocly's logo from their CDN and hides it when it does not load: the policy
    # refusing it is the point (the page fetches nothing from elsewhere), so that one report is expected.
    blocked = [text for text in violations_on(page, console) if REDOCLY_LOGO not in text]
    assert not blocked, blocked
