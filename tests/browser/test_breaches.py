"""A breach in the browser: an analyst reports it, the DPO records it, assesses it as a high risk and records
the report to the ICO within the 72 hours; every page passes axe with no serious or critical problems."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from breaches.models import Breach, BreachStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def fill_moment(page, prefix, moment):
    local = timezone.localtime(moment)
    page.locator(f"#id_{prefix}_on_0").fill(str(local.day))
    page.locator(f"#id_{prefix}_on_1").fill(str(local.month))
    page.locator(f"#id_{prefix}_on_2").fill(str(local.year))
    page.locator(f"#id_{prefix}_time").fill(local.strftime("%H:%M"))


def test_an_analyst_reports_and_the_dpo_reports_it_to_the_ico(page, personas):
    found = timezone.now() - datetime.timedelta(hours=2)

    sign_in(page, "analyst", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Breaches").click()
    assert_accessible(page)
    page.get_by_role("button", name="Report a breach").click()
    assert_accessible(page)
    page.get_by_role("button", name="Report the breach").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what happened" in summary
    assert_accessible(page)
    page.get_by_label("What happened?").fill(
        "Victim contact list e-mailed to the wrong address\nAuto-complete picked an external contact."
    )
    fill_moment(page, "discovered", found)
    page.get_by_label("What data was involved?").fill("Names, telephone numbers and crime references of victims.")
    page.get_by_label("Roughly how many people are affected?").fill("212")
    page.get_by_role("button", name="Report the breach").click()
    assert "Your Data Protection Officer has been told" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    breach = Breach.objects.get()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dpo", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Breaches").click()
    assert "hours" in page.get_by_role("row", name=breach.reference).inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=breach.reference).click()
    assert "ICO clock" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Change the DPO's record").click()
    assert_accessible(page)
    page.get_by_label("DPA 2018 Part 3").check()
    page.get_by_label("Names", exact=True).check()
    page.get_by_label("Criminal offence data").check()
    page.get_by_role("button", name="Save the record").click()
    assert "The breach record is saved" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Assess the risk").click()
    assert_accessible(page)
    page.get_by_label("Likely: harm will probably happen").check()
    page.get_by_label("Severe: serious or lasting").check()
    page.get_by_label("Reasons").fill("Victims of domestic abuse could be located by a perpetrator.")
    page.get_by_role("button", name="Save the assessment").click()
    assert "Risk assessed: high risk" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Record the ICO decision").click()
    assert_accessible(page)
    page.get_by_label("Report to the ICO").check()
    fill_moment(page, "reported", timezone.now() - datetime.timedelta(minutes=5))
    page.get_by_label("The ICO's reference").fill("IC-318472-R5T9")
    page.get_by_label("Reasons for the decision").fill("A high risk to the victims' safety.")
    page.get_by_role("button", name="Record the decision").click()
    assert "reported to the ico" in page.locator(".govuk-notification-banner").inner_text().lower()
    assert "within the 72 hours" in page.locator("main").inner_text()
    assert_accessible(page)

    breach.refresh_from_db()
    assert (breach.status, breach.risk_level, breach.ico_reference) == (
        BreachStatus.REPORTED_TO_ICO, "high", "IC-318472-R5T9",
    )  # fmt: skip
    assert breach.regime == "part3" and "criminal_offence" in breach.data_categories
