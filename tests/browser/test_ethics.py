"""The ethics committee secretary in the browser: minutes of a hearing written (and saved as they are
written), option E chosen, and the case offered for the next meeting's agenda."""

from __future__ import annotations

import re

import pytest

from ethics.models import CaseStatus, Hearing
from tests.browser.conftest import assert_accessible, sign_in
from tests.ethics.conftest import committee, held, plan, submit  # noqa: F401  (committee is a fixture)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretary_records_option_e_and_the_case_comes_back_on_the_next_agenda(page, personas, committee):  # noqa: F811
    case = submit(committee, personas.analyst, reference="DAL_2018_0002_Priorities", title="Priorities")
    held(committee, personas.secretary, [case], days_from_now=-3)
    plan(committee, personas.secretary, days_from_now=30)

    sign_in(page, "secretary", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Ethics").click()
    assert_accessible(page)
    page.get_by_role("link", name="The first formal meeting").click()
    assert_accessible(page)
    page.get_by_role("link", name="Minutes of DAL_2018_0002_Priorities").click()

    page.get_by_label("Presented by").fill("RE and DP")
    page.get_by_label("The following points were highlighted").fill("The project is exploratory and not predictive.")
    # The draft saves itself a few seconds after the last change.
    status = page.locator("[data-autosave-status]")
    page.wait_for_function("() => /Draft saved at/.test(document.querySelector('[data-autosave-status]').textContent)")
    assert re.search(r"Draft saved at \d\d:\d\d", status.inner_text())
    assert Hearing.objects.get().presenters == "RE and DP"

    page.get_by_label("Question", exact=True).first.fill("Can you justify the use of health records?")
    page.get_by_label("Answer given").first.fill("It was necessary given the health and safety component.")
    page.get_by_label("Action", exact=True).first.fill("Consider proxies for health data.")
    page.get_by_label("Questions to be addressed").fill("What exactly is needed from the health records?")
    page.get_by_label(re.compile(r"^E: Not yet able to advise")).check()
    page.get_by_label("Unanimous").check()
    page.get_by_label("Advice to the Police and Crime Commissioner and Chief Constable").fill(
        "Ask the Lab to come back with more information."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save and return to the meeting").click()
    assert "Minutes saved." in page.locator(".govuk-notification-banner").inner_text()
    hearing = Hearing.objects.get()
    assert (hearing.option, hearing.vote, hearing.questions.count(), hearing.actions.count()) == (
        "E",
        "unanimous",
        1,
        1,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.MORE_INFORMATION

    page.get_by_role("link", name="Ethics committee").first.click()
    assert "DAL_2018_0002_Priorities" in page.locator("main").inner_text()  # awaiting more information
    page.get_by_role("link", name="The second formal meeting").click()
    page.get_by_role("button", name="Add a case").click()
    assert_accessible(page)
    assert "DAL_2018_0002_Priorities: Priorities (more information requested)" in page.locator("main").inner_text()
    page.get_by_label("Case").select_option(label="DAL_2018_0002_Priorities Priorities")
    page.get_by_role("button", name="Add to the agenda").click()
    agenda = page.locator(".app-agenda").inner_text()
    assert "DAL_2018_0002_Priorities" in agenda
    case.refresh_from_db()
    assert case.status == CaseStatus.SCHEDULED and case.hearings.count() == 2
    assert_accessible(page)
