"""Audit packs: asked for in the browser, built once by the worker with progress by section, with every
section, the marking on every page and "page N of M"; downloaded only by the organisation's officers."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.urls import reverse

from audit.models import AuditEvent, AuditPack, PackScope, PackStatus
from audit.packs.build import gather
from audit.services import pack_build, pack_request, pack_retry
from dpia.services.screenings import screening_decide, screening_start_review
from tests.dpia.conftest import submitted
from tests.pdf import pdf_pages, pdf_text

SECTIONS = [
    "The records in scope and their current state",
    "History of each record",
    "Decisions, with the state of the record when each was made",
    "Events log",
    "Disposal records",
    "Verification",
]


@pytest.fixture
def decided(personas):
    screening = submitted(personas.analyst)
    screening = screening_start_review(screening=screening, actor=personas.dpo)
    return screening_decide(
        screening=screening, actor=personas.dpo, outcome="A", reasons="Low risk.", expected_version=screening.version
    )


@pytest.fixture
def pack(personas, decided):
    return pack_request(actor=personas.siro, scope=PackScope.PROJECT, project=decided.project, purpose="ICO inquiry")


def _built(pack):
    assert pack_build(pack.pk) is True
    pack.refresh_from_db()
    return pack


def test_a_project_pack_holds_every_section_marked_on_every_page(personas, decided, pack, settings):
    pack = _built(pack)
    content = pack.file.read()
    pages = pdf_pages(content)
    assert pack.status == PackStatus.READY and pack.pages == len(pages) > 3
    assert pack.sha256 == hashlib.sha256(content).hexdigest()
    for number, page in enumerate(pages, start=1):
        assert page.count(settings.PROTECTIVE_MARKING) >= 2, f"page {number} lacks the marking top and bottom"
        assert f"Page {number} of {len(pages)}" in page
    text = pdf_text(content)
    for title in SECTIONS:
        assert text.count(title) >= 2, f"{title} is missing from the contents or the body"
    assert decided.reference in text and decided.project.reference in text
    assert "Status: Decided" in text  # the decision, with the record's state at that moment
    assert "ICO inquiry" in text and str(personas.siro) in text
    unbroken = text.replace(" ", "")  # a long hash wraps across lines
    assert pack.data_sha256 in unbroken and pack.chain_head in unbroken


def test_the_decision_shows_the_record_as_it_was_then(personas, decided, pack):
    data = gather(pack, lambda stage: None)
    screenings = next(part for part in data.types if part.title == "DPIA screenings")
    (decision,) = screenings.records[0].decisions
    state = {item.label: item.value for item in decision.state}
    assert decision.who == str(personas.dpo) and decision.what == "Status: Decided"
    assert state["Status"] == "Decided"


def test_the_events_log_covers_the_chain(personas, decided, pack):
    data = gather(pack, lambda stage: None)
    actions = [event.action for event in data.events]
    assert "dpia.screening_submit" in actions and "dpia.screening_decide" in actions
    assert "audit.pack_requested" in actions


def test_an_organisation_pack_covers_the_period(personas, decided):
    today = datetime.date.today()
    pack = pack_request(
        actor=personas.dpo,
        scope=PackScope.ORGANISATION,
        period_from=today - datetime.timedelta(days=30),
        period_to=today,
        purpose="Annual report",
    )
    data = gather(pack, lambda stage: None)
    titles = {part.title: len(part.records) for part in data.types}
    assert titles["DPIA screenings"] == 1 and titles["The project"] == 1
    assert {e.action for e in data.events} >= {"dpia.screening_decide"}
    assert "Exceptions" in data.figures_html and "<svg" in data.figures_html
    outside = pack_request(
        actor=personas.dpo,
        scope=PackScope.ORGANISATION,
        period_from=today - datetime.timedelta(days=400),
        period_to=today - datetime.timedelta(days=300),
        purpose="Last year",
    )
    assert all(not part.records for part in gather(outside, lambda stage: None).types)


def test_an_organisation_pack_carries_the_dashboard_charts(personas, decided, settings):
    today = datetime.date.today()
    pack = pack_request(
        actor=personas.siro,
        scope=PackScope.ORGANISATION,
        period_from=today - datetime.timedelta(days=30),
        period_to=today,
        purpose="Report to the Police and Crime Panel",
    )
    pack = _built(pack)
    pages = pdf_pages(pack.file.read())
    assert pack.pages == len(pages)
    text = " ".join(" ".join(pages).split())
    assert text.count("Dashboard figures for the period") == 2
    assert "Screenings by status" in text
    assert all(page.count(settings.PROTECTIVE_MARKING) >= 2 for page in pages)


def test_progress_advances_by_section(personas, pack):
    stages: list[str] = []
    gather(pack, stages.append)
    assert stages == [
        "Finding the records and their current state",
        "Reading each record's history",
        "Finding the decisions and the state of each record when it was made",
        "Copying the events log",
        "Listing the disposal records",
    ]
    assert pack.sections == len(SECTIONS)
    pack = _built(pack)
    assert (pack.progress, pack.percent, pack.stage) == (pack.sections, 100, "")


def test_delivered_twice_it_is_built_once(personas, pack):
    assert pack_build(pack.pk) is True
    assert pack_build(pack.pk) is False
    pack.refresh_from_db()
    assert pack.attempts == 1
    assert AuditEvent.objects.filter(action="audit.pack_built", record_id=str(pack.pk)).count() == 1


def test_a_failure_is_shown_and_can_be_retried(personas, pack, monkeypatch, client):
    def broken(*args, **kwargs):
        raise RuntimeError("typesetting failed")

    monkeypatch.setattr("audit.services.render_pdf_with_pages", broken)
    assert pack_build(pack.pk) is False
    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED and "RuntimeError" in pack.error
    client.force_login(personas.siro)
    page = client.get(pack.get_absolute_url()).text
    assert "The pack could not be built" in page and "Try again" in page
    monkeypatch.undo()
    assert client.post(reverse("audit:pack_retry", args=[pack.pk])).status_code == 302
    pack.refresh_from_db()
    assert pack.status == PackStatus.QUEUED
    assert _built(pack).status == PackStatus.READY


def test_a_pack_being_built_cannot_be_retried(personas, pack):
    AuditPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RENDERING, heartbeat_at=datetime.datetime.now(datetime.UTC)
    )
    from governance.workflow import ServiceError

    with pytest.raises(ServiceError):
        pack_retry(pack=pack, actor=personas.siro)


def test_the_progress_survives_a_reload(client, personas, pack):
    AuditPack.objects.filter(pk=pack.pk).update(status=PackStatus.RENDERING, progress=3, stage="Copying the events log")
    client.force_login(personas.siro)
    state = client.get(reverse("audit:pack_progress", args=[pack.pk])).json()
    assert state == {
        "status": "rendering",
        "status_label": "Being built",
        "percent": 50,
        "stage": "Copying the events log",
        "error": "",
    }
    page = client.get(pack.get_absolute_url()).text
    assert 'value="50"' in page and "Copying the events log" in page


class TestPackPages:
    def test_the_siro_asks_for_a_pack_in_the_browser(self, client, personas, decided):
        client.force_login(personas.siro)
        response = client.post(
            reverse("audit:pack_create"),
            {"scope": "project", "project": decided.project.pk, "purpose": "Inspection by HMICFRS"},
        )
        pack = AuditPack.objects.get()
        assert response.status_code == 302 and response.url == pack.get_absolute_url()
        assert pack.requested_by == personas.siro and pack.status == PackStatus.QUEUED

    def test_bad_input_gets_messages(self, client, personas):
        client.force_login(personas.dpo)
        response = client.post(
            reverse("audit:pack_create"),
            {
                "scope": "organisation",
                "period_from_0": "31",
                "period_from_1": "12",
                "period_from_2": "2026",
                "period_to_0": "1",
                "period_to_1": "1",
                "period_to_2": "2026",
                "purpose": "",
            },
        )
        assert response.status_code == 200
        assert "The end of the period must be on or after its start." in response.text
        assert not AuditPack.objects.exists()

    def test_a_project_of_another_organisation_cannot_be_chosen(self, client, personas):
        from tests.factories import ProjectFactory

        theirs = ProjectFactory(lead=personas.outsider)
        client.force_login(personas.dpo)
        response = client.post(reverse("audit:pack_create"), {"scope": "project", "project": theirs.pk, "purpose": "x"})
        assert response.status_code == 200 and not AuditPack.objects.exists()

    def test_the_download_is_an_event(self, client, personas, pack):
        _built(pack)
        client.force_login(personas.auditor)
        response = client.get(reverse("audit:pack_download", args=[pack.pk]))
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert AuditEvent.objects.filter(action="audit.pack_downloaded", actor_id=personas.auditor.pk).exists()

    @pytest.mark.parametrize("who", ["analyst", "secretary", "outsider", "outsider_dpo"])
    def test_others_get_404(self, client, personas, pack, who):
        _built(pack)
        client.force_login(getattr(personas, who))
        for name in ("pack_detail", "pack_progress", "pack_download"):
            assert client.get(reverse(f"audit:{name}", args=[pack.pk])).status_code == 404
        assert client.post(reverse("audit:pack_retry", args=[pack.pk])).status_code == 404
        if who == "outsider_dpo":  # their own organisation's packs, of which this is not one
            assert f"Pack {pack.pk}" not in client.get(reverse("audit:pack_list")).text
        else:
            assert client.get(reverse("audit:pack_list")).status_code == 404
            assert client.get(reverse("audit:pack_create")).status_code == 404

    def test_the_list_shows_the_organisations_packs(self, client, personas, pack):
        client.force_login(personas.dpo)
        page = client.get(reverse("audit:pack_list")).text
        assert f"Pack {pack.pk}" in page and "ICO inquiry" in page


def test_packs_fall_under_retention_and_their_events_stay(personas, pack, settings, tmp_path):
    from django.core.files.storage import default_storage

    from retention.models import DisposalRecord
    from retention.services import schedule_create
    from retention.sweep import sweep

    settings.MEDIA_ROOT = tmp_path
    pack = _built(pack)
    stored = pack.file.name
    assert default_storage.exists(stored)
    schedule_create(
        actor=personas.dpo,
        record_type="audit.auditpack",
        name="Audit packs: 1 year",
        period_value=1,
        period_unit="years",
        trigger="created",
        action="delete",
        authority="Force records policy",
    )
    sweep(today=datetime.date.today() + datetime.timedelta(days=400))
    assert not AuditPack.objects.filter(pk=pack.pk).exists()
    assert DisposalRecord.objects.get(record_type="audit.auditpack", record_id=pack.pk).label == f"Audit pack {pack.pk}"
    assert not default_storage.exists(stored)
    assert AuditEvent.objects.filter(record_type="audit.auditpack", record_id=str(pack.pk)).count() >= 2
