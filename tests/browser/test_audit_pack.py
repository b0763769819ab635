"""The SIRO asks for an audit pack in the browser and watches a real worker build it: the progress bar
advances, survives a reload, and the download appears when the pack is ready."""

from __future__ import annotations

import pytest

from audit.models import AuditPack, PackStatus
from governance.celery import app as celery_app
from tests.browser.conftest import assert_accessible, sign_in
from tests.dpia.conftest import submitted
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_redis]


@pytest.fixture
def packs_to_worker(worker_queue):
    """Send the pack task to the test's own worker."""
    celery_app.conf.task_routes = {"audit.tasks.build_audit_pack": {"queue": worker_queue}}
    yield
    celery_app.conf.task_routes = None


def test_the_siro_watches_a_pack_being_built(page, personas, packs_to_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    screening = submitted(personas.analyst)

    sign_in(page, "siro", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit").click()
    assert_accessible(page)
    page.get_by_role("button", name="Produce an audit pack").click()
    page.get_by_role("button", name="Produce the pack").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose what the pack should cover." in summary and "Say who the pack is for and why." in summary
    assert_accessible(page)
    page.get_by_label("A project and its whole chain").check()
    page.get_by_label("Project", exact=True).select_option(str(screening.project_id))
    page.get_by_label("Who is the pack for, and why?").fill("ICO inquiry of 3 March")
    page.get_by_role("button", name="Produce the pack").click()

    page.wait_for_url("**/audit/packs/*/")
    assert page.locator("progress#pack-progress").is_visible()
    assert_accessible(page)
    page.get_by_text("The pack is ready.").wait_for(timeout=60_000)
    assert page.locator("progress#pack-progress").get_attribute("value") == "100"
    pack = AuditPack.objects.get()
    assert pack.status == PackStatus.READY and pack.pages

    page.reload()
    assert "The pack is ready." in page.locator("[data-pack-stage]").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    assert download.value.suggested_filename == f"audit-pack-{pack.pk}.pdf"
