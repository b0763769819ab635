"""The DPO in the browser: a record due for disposal shown on the "due" page, a legal hold placed on it
from there, and the sweep then leaving it alone."""

from __future__ import annotations

import datetime

import pytest

from governance.dates import add_months
from retention.models import LegalHold
from retention.sweep import sweep
from tests.browser.conftest import assert_accessible, sign_in
from tests.ethics.conftest import committee  # noqa: F401  (a fixture)
from tests.factories import PASSWORD
from tests.retention.conftest import case_of, paper, paper_schedule

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dpo_places_a_hold_from_the_due_page(page, personas, committee, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    paper_schedule(personas.dpo)
    case = case_of(committee, personas.analyst)
    soon = add_months(datetime.date.today(), -7 * 12) + datetime.timedelta(days=10)
    due = paper(case, soon, personas.analyst)

    sign_in(page, "dpo", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Retention").click()
    assert_accessible(page)
    row = page.get_by_role("row", name=f"Paper {due.pk} of ethics case")
    assert "Delete" in row.inner_text()
    row.get_by_role("link", name="Place a hold").click()
    assert_accessible(page)
    page.get_by_role("button", name="Place the hold").click()
    assert "Select reason" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Litigation").check()
    page.get_by_label("Details").fill("Civil claim 2026/117: preserve the papers.")
    page.get_by_role("button", name="Place the hold").click()
    assert "Hold placed" in page.locator(".govuk-notification-banner").inner_text()
    assert "On hold" in page.get_by_role("row", name=f"Paper {due.pk} of ethics case").inner_text()
    assert_accessible(page)

    hold = LegalHold.objects.get()
    assert (hold.record_id, hold.placed_by, hold.reason) == (due.pk, personas.dpo, "litigation")
    assert sweep(today=datetime.date.today() + datetime.timedelta(days=30)).counts["held"] == 1
