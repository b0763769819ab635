"""The SIRO in the browser: the dashboard (charts with their tables, the exceptions) passes axe, and a
number on it opens the records behind it, each a link to its page."""

from __future__ import annotations

import datetime

import pytest

from dpia.models import Screening
from tests.browser.conftest import assert_accessible, sign_in
from tests.dpia.conftest import submitted
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_siro_drills_down_from_a_chart_to_the_overdue_screening(page, personas):
    waiting = submitted(personas.analyst)
    Screening.objects.filter(pk=waiting.pk).update(due_on=datetime.date.today() - datetime.timedelta(days=3))
    submitted(personas.analyst)

    sign_in(page, "siro", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="Information governance dashboard").wait_for()
    assert_accessible(page)
    exceptions = page.locator("#exceptions")
    assert "1" in exceptions.get_by_role("row", name="DPO reviews overdue").inner_text()
    chart = page.locator("#figure-dpo-reviews svg[role=img]")
    assert chart.get_attribute("aria-labelledby") == "chart-dpo-reviews-title chart-dpo-reviews-desc"
    assert "Overdue: 1; Due in the next 5 working days: 0; Due later: 1." in chart.locator("desc").text_content()

    figure = page.locator("#figure-dpo-reviews")
    figure.get_by_role("link", name="1 Overdue").click()
    page.get_by_role("heading", name="DPO reviews waiting: Overdue").wait_for()
    assert_accessible(page)
    assert page.get_by_role("button", name="Download as CSV").get_attribute("href").endswith("format=csv")
    page.get_by_role("link", name=str(Screening.objects.get(pk=waiting.pk))).click()
    page.wait_for_url(f"**{waiting.get_absolute_url()}")

    page.go_back()
    page.get_by_role("link", name="Back to the dashboard").click()
    page.get_by_role("heading", name="Information governance dashboard").wait_for()
    page.get_by_label("Organisation").select_option(label=personas.organisation.name + " (yours)")
    page.get_by_role("button", name="Show the figures").click()
    assert "organisation=" in page.url
    assert_accessible(page)
