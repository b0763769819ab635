"""The DPIA journey in the browser: the analyst fills and submits the screening, the DPO returns it,
the analyst resubmits, the DPO decides C, and the full DPIA opens."""

from __future__ import annotations

import pytest

from dpia.models import Screening, ScreeningStatus
from tests.browser.conftest import assert_accessible, give_reason, sign_in
from tests.factories import PASSWORD, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

FACTORS = [
    "profiling", "large_scale_sensitive", "public_monitoring", "new_technology", "denial_of_service",
    "biometric_genetic", "data_matching", "invisible_processing", "tracking", "targeting_vulnerable",
    "physical_harm", "evaluation_scoring", "large_scale", "prevents_rights",
]  # fmt: skip


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()


def fill_screening(page):
    page.get_by_role("link", name="Section 1 – Governance").click()
    assert_accessible(page)
    page.get_by_label("Information Asset Owner").fill("Head of Intelligence")
    page.get_by_label("DPIA Coordinator").fill("Information governance team")
    page.locator("#id_processing_commences_0").fill("18")
    page.locator("#id_processing_commences_1").fill("11")
    page.locator("#id_processing_commences_2").fill("2027")
    save_and_continue(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Section 2 – Purpose, Scope and Context"
    page.get_by_label("2.2 What categories of personal data will be processed?").fill("Names, dates of birth.")
    page.get_by_label("Race").check()
    page.get_by_label("2.4 How will the data be collected?").fill("From the crime recording system.")
    page.get_by_label("2.5 How will the data be used?").fill("Analysed in the force analytics platform.")
    page.get_by_label("More than 5000 data subjects").check()
    page.get_by_label("Persons convicted of a criminal offence").check()
    page.get_by_label("Other", exact=True).check()
    # "Other" reveals its follow-up question (GOV.UK Frontend's conditional reveal).
    page.get_by_label("If other then please provide further details below:").fill("Complainants")
    for key in (
        "new_information",
        "shared_with_third_parties",
        "transfer_within_eu",
        "transfer_outside_eu",
        "cloud_provider",
    ):
        page.locator(f"#id_{key}_1").check()
    page.get_by_label("No – none required").check()
    page.locator("#id_necessity").fill("The aim cannot be met with less data.")
    page.locator("#id_proportionality").fill("Only the fields needed are used.")
    assert_accessible(page)
    save_and_continue(page)

    assert "Section 3" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Necessary for a law enforcement purpose").check()
    page.get_by_label("N/A – no administrative data").check()
    page.get_by_label("Operational Data: The processing is strictly necessary (please tick to confirm)").check()
    page.get_by_label("Statutory purposes").check()
    save_and_continue(page)

    page.locator("#id_retention_compliant_0").check()
    page.get_by_label("Which retention schedule applies?").fill("Force review, retention and disposal policy")
    save_and_continue(page)

    assert "Section 5" in page.get_by_role("heading", level=1).inner_text()
    for key in FACTORS:
        page.locator(f"#id_{key}_1").check()
    page.locator("#id_profiling_0").check()
    page.locator("#id_profiling_details").fill("Scores the harm of offending to prioritise support.")
    assert_accessible(page)
    save_and_continue(page)


def test_screening_return_resubmit_and_outcome_c(page, personas):
    project = ProjectFactory(lead=personas.analyst, name="IOM model", purpose="To prioritise offender management.")
    sign_in(page, "analyst", PASSWORD)
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Start a DPIA screening").click()
    page.get_by_role("button", name="Start screening").click()
    assert_accessible(page)  # the task list

    fill_screening(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before submitting the screening"
    assert_accessible(page)
    page.get_by_role("button", name="Submit to the DPO").click()
    assert "Their initial response is due by" in page.locator(".govuk-notification-banner").inner_text()
    screening = Screening.objects.get(project=project)
    assert screening.status == ScreeningStatus.SUBMITTED

    # The DPO returns it with a question.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "dpo", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="DPIA").click()
    assert_accessible(page)
    page.get_by_role("link", name="IOM model").click()
    give_reason(page)
    assert "Suggested outcome: C" in page.locator(".app-indicators").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Return for more information").click()
    page.get_by_label("What do you need from the author?").fill("Who are the complainants in 2.7?")
    page.get_by_role("button", name="Return to the author").click()

    # The analyst answers and resubmits.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "analyst", PASSWORD)
    page.goto(screening.get_absolute_url())
    give_reason(page, "Answering the DPO's question")
    assert "Who are the complainants in 2.7?" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Section 2 – Purpose, Scope and Context").click()
    page.get_by_label("If other then please provide further details below:").fill("People who complained to PSD")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Check answers and submit").click()
    page.get_by_label("What have you changed?").fill("Explained the complainants in 2.7.")
    page.get_by_role("button", name="Submit to the DPO").click()
    screening.refresh_from_db()
    assert (screening.status, screening.versions.count()) == (ScreeningStatus.SUBMITTED, 2)

    # The DPO decides C and the full DPIA opens.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "dpo", PASSWORD)
    page.goto(f"/dpia/{screening.pk}/review/")
    give_reason(page, "Deciding the outcome of the resubmitted screening")
    page.get_by_role("button", name="Decide the outcome").click()
    assert_accessible(page)
    page.get_by_label("C. DPIA is mandatory.").check()
    page.get_by_label("Reasons for the outcome").fill("Profiling at scale: a full DPIA is mandatory.")
    page.get_by_role("button", name="Record the outcome").click()
    assert "Data Protection Impact Assessment (stage 2)" in page.locator("main").inner_text()
    assert_accessible(page)
    screening.refresh_from_db()
    assert (screening.outcome, screening.assessment.project) == ("C", project)
