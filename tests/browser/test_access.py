"""Access to data in the browser: the analyst asks, sees a failing check explained, the check is
satisfied, the asset owner and the DPO approve, and the analyst sees the grant."""

from __future__ import annotations

import pytest

from dpia.services.screenings import screening_decide
from isa.models import RequestStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.dpia.conftest import submitted
from tests.factories import PASSWORD, DatasetFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def decide_as(page, username, role_label):
    sign_in(page, username, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access").click()
    assert_accessible(page)
    page.get_by_role("link", name="Burglary counts").first.click()
    page.get_by_role("link", name=f"Decide as {role_label}").click()
    assert_accessible(page)
    page.get_by_label("Approve").check()
    page.get_by_label("Conditions, or the reason for refusing").fill("Aggregate outputs only.")
    page.get_by_role("button", name="Record the decision").click()
    assert "Decision on Crime records recorded" in page.locator(".govuk-notification-banner").inner_text()
    sign_out(page)


def test_request_checks_approval_and_grant(page, personas):
    dataset = DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
    screening = submitted(personas.analyst)
    project = screening.project
    project.name = "Burglary counts"
    project.save()

    sign_in(page, "analyst", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Access").click()
    page.get_by_role("button", name="Request access").click()
    assert_accessible(page)
    page.get_by_label("Project", exact=True).select_option(label=f"{project.reference} Burglary counts")
    page.get_by_label("Crime records (West Midlands Police)").check()
    page.get_by_label("What are the specific research questions?").fill("How many burglaries by ward each month?")
    page.get_by_label("How will the answers inform operational or strategic policing?").fill("Patrol planning.")
    page.get_by_label("Safe project").fill("Agreed by the Lab's board.")
    page.get_by_label("Safe people").fill("Two vetted analysts.")
    page.get_by_label("Safe setting").fill("The force analytics platform.")
    page.get_by_label("Safe data").fill("No names or addresses.")
    page.get_by_label("Safe outputs").fill("Counts under 10 suppressed.")
    page.get_by_label("Fields needed").fill("Offence, date, ward.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send the request").click()

    checks = page.locator(".app-checks").inner_text()
    assert "Fails" in checks
    assert f"{screening.reference} is submitted: the DPO has not decided it." in checks
    assert_accessible(page)
    request_url = page.url
    sign_out(page)

    # The DPO settles the screening: the check now passes.
    screening_decide(
        screening=screening,
        actor=personas.dpo,
        outcome="A",
        reasons="Aggregate counts.",
        expected_version=screening.version,
    )

    decide_as(page, "iao", "information asset owner")
    decide_as(page, "dpo", "data protection officer")

    sign_in(page, "analyst", PASSWORD)
    page.goto(request_url)
    assert "Approved" in page.locator("main").inner_text()
    assert "Fails" not in page.locator(".app-checks").inner_text()
    page.goto("/isa/access/")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Crime records")
    assert "Your organisation's own data" in row.inner_text()
    assert dataset.access_grants.get().request.status == RequestStatus.APPROVED
