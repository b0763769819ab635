from __future__ import annotations

import pytest

from governance.models import Project
from tests.browser.conftest import assert_accessible, axe_violations, sign_in
from tests.factories import PASSWORD, DatasetFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_analyst_registers_a_project_and_sees_it_listed(page, personas):
    DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
    sign_in(page, "analyst", PASSWORD)
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Projects").click()
    assert_accessible(page)
    page.get_by_role("button", name="Register a project").click()
    assert_accessible(page)

    # Submitting with the name missing: the error summary takes focus (GOV.UK Frontend's script ran)
    # and what was typed is still there.
    page.get_by_label("Purpose").fill("To find where stop and search is used disproportionately.")
    page.get_by_role("button", name="Register project").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert "Enter project name" in summary.inner_text()
    assert page.get_by_label("Purpose").input_value().startswith("To find where stop and search")
    assert_accessible(page)

    summary.get_by_role("link", name="Enter project name").click()
    page.get_by_label("Project name").fill("Disproportionality")
    page.get_by_label("Crime records (West Midlands Police)").check()
    page.locator("#id_start_date_0").fill("1")
    page.locator("#id_start_date_1").fill("12")
    page.locator("#id_start_date_2").fill("2026")
    page.get_by_role("button", name="Register project").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Disproportionality"
    assert "registered" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    project = Project.objects.get(name="Disproportionality")
    assert project.lead == personas.analyst
    assert [d.name for d in project.datasets.all()] == ["Crime records"]

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Projects").click()
    row = page.get_by_role("row").filter(has_text="Disproportionality")
    assert project.reference in row.inner_text()

    page.get_by_role("link", name="Disproportionality").click()
    page.get_by_role("link", name="History of this project").click()
    assert "Created by" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_axe_check_notices_a_real_problem(page, personas):
    """Guards the guard: a text box with no label must be reported."""
    sign_in(page, "analyst", PASSWORD)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=\"text\" id=\"unlabelled\">')"
    )
    assert any(problem["id"] == "label" for problem in axe_violations(page))
