"""A form sent twice (a double click, the back button and Send again) is acted on once, and the second
sending is shown the first one's result; a form shown again with errors can be corrected and sent; and one
person cannot send another's form."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from breaches.models import Breach
from ethics.models import CasePaper
from governance import submissions
from governance.models import FormSubmission, Project, SubmissionState
from governance.tasks import prune_form_submissions
from isa.models import AccessRequest
from tests.breaches.test_views import report_data
from tests.dpia.conftest import submitted
from tests.ethics.conftest import committee, submit  # noqa: F401  (committee is a fixture)
from tests.factories import ProjectFactory
from tests.isa.conftest import REQUEST_ANSWERS, own_dataset  # noqa: F401  (own_dataset is a fixture)
from tests.security.threads import at_once

KEY_INPUT = re.compile(r'<input type="hidden" name="submission_key" value="([A-Za-z0-9_-]+)">')


def key_on(page: str) -> str:
    """The submission key of the (only) form on the page that carries one."""
    keys = KEY_INPUT.findall(page)
    assert len(keys) == 1, f"expected one submission key on the page, found {len(keys)}"
    return keys[0]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def project_data(**overrides):
    return {
        "name": "Disproportionality",
        "purpose": "To find disproportionality in the force's practices.",
        "lead": "",
        "information_asset_owner": "",
        "information_custodian": "Superintendent, Data Analytics Lab",
        "start_date_0": "18",
        "start_date_1": "11",
        "start_date_2": "2019",
        "end_date_0": "",
        "end_date_1": "",
        "end_date_2": "",
        **overrides,
    }


@pytest.fixture
def analyst(client, personas):
    client.force_login(personas.analyst)
    return personas.analyst


class TestTheKey:
    def test_a_form_page_carries_a_new_key_each_time_it_is_opened(self, client, analyst):
        first = key_on(client.get(reverse("project_create")).text)
        second = key_on(client.get(reverse("project_create")).text)
        assert first != second

    def test_a_form_shown_again_with_errors_keeps_its_key(self, client, analyst):
        key = key_on(client.get(reverse("project_create")).text)
        response = client.post(reverse("project_create"), project_data(name="", submission_key=key))
        assert response.status_code == 200
        assert key_on(response.text) == key

    def test_a_form_laid_out_field_by_field_carries_it_too(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        key_on(client.get(reverse("dpia:screening_decide", args=[screening.pk])).text)

    @pytest.mark.parametrize("name", ["project_list", "dataset_list"])
    def test_filter_forms_sent_by_get_carry_none(self, client, analyst, name):
        page = client.get(reverse(name)).text
        filters = re.search(r'<form method="get".*?</form>', page, re.DOTALL)
        assert filters is not None and "submission_key" not in filters.group()


class TestSentTwice:
    def test_a_project_registered_twice_is_registered_once(self, client, analyst):
        data = project_data(lead=analyst.pk, submission_key=key_on(client.get(reverse("project_create")).text))

        first = client.post(reverse("project_create"), data)
        again = client.post(reverse("project_create"), data)

        project = Project.objects.get()
        assert first.status_code == again.status_code == 302
        assert first.url == again.url == project.get_absolute_url()
        assert submissions.ALREADY_SENT in messages_of(again)
        assert AuditEvent.objects.filter(action="governance.project_create").count() == 1

    def test_a_breach_reported_twice_is_one_breach_and_one_message_to_the_dpo(
        self, client, analyst, django_capture_on_commit_callbacks
    ):
        data = report_data(submission_key=key_on(client.get(reverse("breaches:report")).text))

        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(reverse("breaches:report"), data)
            again = client.post(reverse("breaches:report"), data)

        breach = Breach.objects.get()
        assert first.url == again.url == breach.get_absolute_url()
        assert submissions.ALREADY_SENT in messages_of(again)
        assert len(mail.outbox) == 1

    def test_an_access_request_sent_twice_is_one_request(self, client, analyst, own_dataset):  # noqa: F811
        project = ProjectFactory(lead=analyst)
        data = {
            **REQUEST_ANSWERS,
            "project": project.pk,
            "datasets": [own_dataset.pk],
            "start_date_0": "1",
            "start_date_1": "1",
            "start_date_2": "2027",
            "end_date_0": "1",
            "end_date_1": "6",
            "end_date_2": "2027",
            "submission_key": key_on(client.get(reverse("isa:request_create")).text),
        }

        first = client.post(reverse("isa:request_create"), data)
        again = client.post(reverse("isa:request_create"), data)

        request = AccessRequest.objects.get()
        assert first.status_code == 302 and first.url == again.url == request.get_absolute_url()

    def test_a_paper_uploaded_twice_is_one_paper(self, client, personas, committee, settings, tmp_path):  # noqa: F811
        settings.MEDIA_ROOT = tmp_path
        case = submit(committee, personas.analyst)
        client.force_login(personas.analyst)
        url = reverse("ethics:paper_upload", args=[case.pk])
        key = key_on(client.get(url).text)

        def upload():
            pdf = SimpleUploadedFile(
                "terms.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
            )
            return client.post(url, {"file": pdf, "submission_key": key})

        first, again = upload(), upload()

        assert first.status_code == again.status_code == 302 and first.url == again.url
        assert CasePaper.objects.filter(case=case).count() == 1

    def test_a_form_corrected_after_errors_is_sent_with_the_same_key(self, client, analyst):
        key = key_on(client.get(reverse("project_create")).text)

        wrong = client.post(reverse("project_create"), project_data(name="", lead=analyst.pk, submission_key=key))
        right = client.post(reverse("project_create"), project_data(lead=analyst.pk, submission_key=key))

        assert wrong.status_code == 200 and right.status_code == 302
        assert right.url == Project.objects.get().get_absolute_url()
        assert FormSubmission.objects.get(key=key).state == SubmissionState.DONE

    def test_a_page_that_answers_a_post_with_its_result_frees_the_key(self, client, analyst):
        """The API token page shows a new token once, on the page answering the POST (not a redirect): the
        key is freed, and that page refuses a second token of the same name itself."""
        key = key_on(client.get(reverse("api_tokens")).text)
        response = client.post(
            reverse("api_tokens"), {"holder": "self", "name": "Laptop", "days": "90", "submission_key": key}
        )
        assert response.status_code == 200
        assert not FormSubmission.objects.filter(key=key).exists()

    def test_a_post_without_a_key_is_not_guarded(self, client, analyst):
        client.post(reverse("project_create"), project_data(lead=analyst.pk))
        assert not FormSubmission.objects.exists()


class TestStillBeingSent:
    def test_a_sending_that_never_finishes_sends_the_person_back_to_the_form(self, client, analyst, monkeypatch):
        monkeypatch.setattr(submissions, "WAIT_SECONDS", 0.3)
        key = key_on(client.get(reverse("project_create")).text)
        FormSubmission.objects.create(key=key, user=analyst, path=reverse("project_create"))

        response = client.post(reverse("project_create"), project_data(lead=analyst.pk, submission_key=key))

        assert response.status_code == 302 and response.url == reverse("project_create")
        assert submissions.STILL_SENDING in messages_of(response)
        assert not Project.objects.exists()


class TestSomeoneElsesKey:
    def test_is_refused_and_their_sending_is_untouched(self, client, personas):
        theirs = Client()
        theirs.force_login(personas.colleague)
        key = key_on(theirs.get(reverse("project_create")).text)
        theirs.post(reverse("project_create"), project_data(lead=personas.colleague.pk, submission_key=key))
        client.force_login(personas.analyst)

        response = client.post(reverse("project_create"), project_data(lead=personas.analyst.pk, submission_key=key))

        assert response.status_code == 403
        assert Project.objects.get().lead == personas.colleague
        reservation = FormSubmission.objects.get(key=key)
        assert reservation.user == personas.colleague and reservation.state == SubmissionState.DONE


def test_reservations_older_than_a_day_are_pruned(personas):
    now = timezone.now()
    old = FormSubmission.objects.create(key="o" * 32, user=personas.analyst, path="/projects/new/")
    recent = FormSubmission.objects.create(key="r" * 32, user=personas.analyst, path="/projects/new/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(hours=25))
    FormSubmission.objects.filter(pk=recent.pk).update(created_at=now - datetime.timedelta(hours=23))

    assert prune_form_submissions.apply().get() == 1

    assert list(FormSubmission.objects.all()) == [recent]


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_sent_at_the_same_moment_registers_one_project(personas):
    analyst = personas.analyst
    opener = Client()
    opener.force_login(analyst)
    data = project_data(lead=analyst.pk, submission_key=key_on(opener.get(reverse("project_create")).text))
    clicks = []
    for _ in range(2):
        client = Client()
        client.force_login(analyst)
        clicks.append(client)

    responses = at_once(*[lambda client=client: client.post(reverse("project_create"), data) for client in clicks])

    project = Project.objects.get()
    assert [response.status_code for response in responses] == [302, 302], responses
    assert {response.url for response in responses} == {project.get_absolute_url()}
    assert sum(submissions.ALREADY_SENT in messages_of(response) for response in responses) == 1
    assert AuditEvent.objects.filter(action="governance.project_create", record_id=str(project.pk)).count() == 1
