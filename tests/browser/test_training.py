"""The DPO imports the learning system's export in the browser: a refused row stops the import and is
explained; the corrected file goes in and the lapsed person is listed."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dpo_imports_completions(page, personas, tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_text(
        f"Email,Course,Completion date\n{personas.analyst.email},DP refresher,01/10/2026\n"
        "ghost@example.org,DP refresher,01/10/2026\n"
    )
    good = tmp_path / "fixed.csv"
    good.write_text(f"Email,Course,Completion date\n{personas.analyst.email},DP refresher,01/10/2026\n")
    before = TrainingRecord.objects.count()

    sign_in(page, "dpo", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Training").click()
    page.get_by_role("link", name="Your organisation's staff training").click()
    assert_accessible(page)
    page.get_by_role("button", name="Import from the learning system").click()
    page.get_by_label("Completions exported from the learning system (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    assert "Nothing was imported" in page.locator("main").inner_text()
    assert "ghost@example.org" in page.get_by_role("row", name="3").inner_text()
    assert_accessible(page)
    assert TrainingRecord.objects.count() == before

    page.get_by_label("Completions exported from the learning system (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    assert "1 completion imported." in page.locator(".govuk-notification-banner").inner_text()
    assert TrainingRecord.objects.count() == before + 1
    assert_accessible(page)
