"""The retention pages for each persona, and the forms: schedules, holds from the "due" page, reviews,
confirmations, the dataset's schedule, the disposal log and its CSV."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from isa.models import AccessGrant, AccessRequest, GrantStatus
from retention.models import DisposalConfirmation, DisposalRecord, LegalHold, RetentionReview, RetentionSchedule
from retention.services import dataset_set_schedule, schedule_create
from retention.sweep import sweep
from tests.isa.conftest import ask, granted
from tests.retention.conftest import TODAY, aware, case_of, paper, paper_schedule

NOW = datetime.datetime(2026, 11, 22, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def due_paper(committee, personas):
    paper_schedule(personas.dpo)
    case = case_of(committee, personas.analyst)
    return paper(case, datetime.date(2019, 12, 1), personas.analyst)  # due 1 December 2026


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


class TestWhoSees:
    @pytest.mark.parametrize(
        ("persona", "status"),
        [("dpo", 200), ("siro", 200), ("auditor", 404), ("analyst", 404), ("iao", 404), ("outsider_dpo", 200)],
    )
    def test_the_retention_pages(self, client, personas, persona, status):
        user = getattr(personas, persona)
        for name in ("retention:index", "retention:schedule_list", "retention:hold_list", "retention:log"):
            assert get(client, user, reverse(name)).status_code == status, name

    def test_another_organisations_records_are_not_found(self, client, personas, due_paper):
        schedule = RetentionSchedule.objects.get()
        assert get(client, personas.outsider_dpo, schedule.get_absolute_url()).status_code == 404
        page = get(client, personas.outsider_dpo, reverse("retention:index")).text
        assert "ethics case" not in page

    def test_only_the_dpo_changes_schedules(self, client, personas, due_paper):
        schedule = RetentionSchedule.objects.get()
        assert get(client, personas.siro, schedule.get_absolute_url()).status_code == 200
        assert get(client, personas.siro, reverse("retention:schedule_edit", args=[schedule.pk])).status_code == 403
        assert get(client, personas.siro, reverse("retention:schedule_new")).status_code == 403
        assert get(client, personas.dpo, reverse("retention:schedule_edit", args=[schedule.pk])).status_code == 200

    def test_a_review_is_its_owners_and_the_officers(self, client, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        AccessRequest.objects.filter(pk=request.pk).update(decided_at=aware(datetime.date(2018, 1, 1)))
        schedule_create(actor=personas.dpo, record_type="isa.accessrequest", name="Requests", period_value=6,
                        period_unit="years", trigger="closed", action="review", authority="NPCC")  # fmt: skip
        sweep(today=TODAY)
        review = RetentionReview.objects.get()
        url = review.get_absolute_url()
        assert get(client, personas.analyst, url).status_code == 200
        assert get(client, personas.siro, url).status_code == 200
        assert get(client, personas.colleague, url).status_code == 404
        client.force_login(personas.siro)
        assert client.post(url, {"decision": "dispose", "reason": "x", "version": review.version}).status_code == 403
        client.force_login(personas.analyst)
        response = client.post(url, {"decision": "kept", "reason": "Still in use", "version": review.version,
                                     "keep_until_0": "1", "keep_until_1": "6", "keep_until_2": "2027"})  # fmt: skip
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.keep_until == datetime.date(2027, 6, 1)
        assert review.label not in get(client, personas.analyst, reverse("retention:tasks")).text


class TestDuePage:
    def test_it_lists_what_is_due_with_a_hold_and_a_review_a_click_away(self, client, personas, due_paper):
        page = get(client, personas.dpo, reverse("retention:index")).text
        assert f"Paper {due_paper.pk} of ethics case" in page and "1 Dec 2026" in page
        assert "Place a hold" in page and "Start a review" in page

    def test_placing_a_hold_on_one_record(self, client, personas, due_paper):
        client.force_login(personas.dpo)
        url = reverse("retention:hold_new") + f"?record_type=ethics.casepaper&record_id={due_paper.pk}"
        empty = client.post(url, {})
        assert empty.status_code == 200 and "Select reason" in empty.text and "Enter details" in empty.text
        assert client.post(url, {"reason": "litigation", "details": "Claim 2026/44"}).status_code == 302
        hold = LegalHold.objects.get()
        assert (hold.record_type, hold.record_id, hold.placed_by) == ("ethics.casepaper", due_paper.pk, personas.dpo)
        assert "On hold" in client.get(reverse("retention:index")).text
        with time_machine.travel(datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC)):
            assert sweep().counts["held"] == 1

    def test_a_hold_on_another_organisations_record_is_not_found(self, client, personas, due_paper):
        client.force_login(personas.outsider_dpo)
        url = reverse("retention:hold_new") + f"?record_type=ethics.casepaper&record_id={due_paper.pk}"
        assert client.get(url).status_code == 404
        assert client.get(reverse("retention:hold_new") + "?record_type=nonsense&record_id=1").status_code == 404

    def test_starting_a_review(self, client, personas, due_paper):
        client.force_login(personas.dpo)
        schedule = RetentionSchedule.objects.get()
        start = {"schedule": schedule.pk, "record_id": due_paper.pk, "due_on": "2026-12-01"}
        response = client.post(reverse("retention:review_start"), start)
        review = RetentionReview.objects.get()
        assert response.url == review.get_absolute_url() and review.owner == personas.analyst
        again = client.post(reverse("retention:review_start"), start, follow=True)
        assert "already open" in again.text

    def test_releasing_a_hold_needs_a_reason(self, client, personas, due_paper):
        client.force_login(personas.siro)
        client.post(reverse("retention:hold_new"), {"scope": "project", "project": due_paper.case.project_id,
                                                    "reason": "iopc", "details": "IOPC 2026/9"})  # fmt: skip
        hold = LegalHold.objects.get()
        url = reverse("retention:hold_release", args=[hold.pk])
        assert client.post(url, {"reason": ""}).status_code == 200
        assert client.post(url, {"reason": "Investigation closed"}).status_code == 302
        hold.refresh_from_db()
        assert hold.released_by == personas.siro


class TestScheduleForms:
    def test_making_a_schedule_in_two_steps(self, client, personas):
        client.force_login(personas.dpo)
        choose = client.get(reverse("retention:schedule_new"))
        assert "What kind of record will the schedule govern?" in choose.text
        url = reverse("retention:schedule_new") + "?record_type=isa.accessrequest"
        form = client.get(url).text
        assert "The research questions" in form  # the anonymisable fields of this kind only
        bad = client.post(url, {"name": "Requests", "period_value": "0", "period_unit": "years", "trigger": "closed",
                                "action": "anonymise", "authority": "NPCC"})  # fmt: skip
        assert bad.status_code == 200 and "Requests" in bad.text and not RetentionSchedule.objects.exists()
        good = client.post(url, {"name": "Requests", "period_value": "6", "period_unit": "years", "trigger": "closed",
                                 "action": "anonymise", "anonymise_fields": ["research_questions"],
                                 "authority": "NPCC", "notice_days": "30"})  # fmt: skip
        assert good.status_code == 302
        assert RetentionSchedule.objects.get().anonymise_fields == ["research_questions"]

    def test_anonymising_without_fields_is_refused_on_the_form(self, client, personas):
        client.force_login(personas.dpo)
        url = reverse("retention:schedule_new") + "?record_type=isa.accessrequest"
        response = client.post(url, {"name": "R", "period_value": "6", "period_unit": "years", "trigger": "closed",
                                     "action": "anonymise", "authority": "NPCC", "notice_days": "30"})  # fmt: skip
        assert response.status_code == 200 and "Choose the fields to anonymise" in response.text


class TestExtractsAndLog:
    def test_the_asset_owner_confirms_and_the_log_shows_it(self, client, personas, own_dataset, settled):
        access = granted(personas, own_dataset, settled)
        AccessGrant.objects.filter(pk=access.pk).update(
            status=GrantStatus.REVOKED, ended_at=aware(datetime.date(2025, 1, 5))
        )
        schedule = schedule_create(actor=personas.dpo, record_type="external_dataset", name="Archives: 12 months",
                                   period_value=12, period_unit="months", trigger="closed", action="confirm",
                                   authority="NDAS DPIA")  # fmt: skip
        client.force_login(personas.iao)
        response = client.post(reverse("retention:dataset_schedule", args=[own_dataset.pk]), {"schedule": schedule.pk})
        assert response.status_code == 302
        sweep(today=TODAY)
        confirmation = DisposalConfirmation.objects.get()
        assert "1 deletion to confirm" in client.get(reverse("home")).text
        url = confirmation.get_absolute_url()
        assert "Overdue" in client.get(url).text
        assert get(client, personas.analyst, url).status_code == 404
        client.force_login(personas.iao)
        form = {
            "method": "Deleted from the Lab share",
            "deleted_on_0": "20",
            "deleted_on_1": "11",
            "deleted_on_2": "2026",
            "version": confirmation.version,
        }
        response = client.post(url, form)
        assert response.status_code == 302
        log = get(client, personas.dpo, reverse("retention:log")).text
        assert "Deleted at the source (confirmed)" in log
        csv = get(client, personas.dpo, reverse("retention:log_csv"), method="confirmed")
        body = b"".join(csv.streaming_content).decode()
        assert body.splitlines()[0].startswith("Disposed at,Record type")
        assert DisposalRecord.objects.get().sha256 in body
        empty = b"".join(get(client, personas.dpo, reverse("retention:log_csv"), method="deleted").streaming_content)
        assert len(empty.decode().splitlines()) == 1

    def test_a_dataset_schedule_is_for_its_owner_and_the_dpo(self, client, personas, own_dataset):
        url = reverse("retention:dataset_schedule", args=[own_dataset.pk])
        assert get(client, personas.analyst, url).status_code in (403, 404)
        assert get(client, personas.dpo, url).status_code == 200
        dataset_set_schedule(dataset=own_dataset, actor=personas.dpo, schedule=None)
