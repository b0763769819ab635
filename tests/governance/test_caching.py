"""Pages and figures kept in the cache are thrown away by any write to the records, whichever way it is
made; a kept page is one person's, for one query string and one day, and never holds a form token."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from dpia.models import Screening
from governance import caching
from governance.models import Project
from tests.conftest import forget_kept_pages
from tests.dpia.conftest import submitted
from tests.factories import ProjectFactory

QUEUE = "dpia:review_queue"
KEPT_PAGE = (
    "<title>A kept title</title><!-- kept:before_content --><!-- /kept:before_content -->"
    "<!-- kept:content --><p>Worked out</p><!-- /kept:content -->"
)


def _view(client, name: str = QUEUE, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "dpia_screening" ("reference") VALUES (%s)', True),
        ('UPDATE "governance_project" SET "name" = %s', True),
        ('DELETE FROM "isa_accessgrant" WHERE "id" = %s', True),
        ('TRUNCATE "governance_dataset"', True),
        ('  update "dpia_screeninguserobjectpermission" set "x" = 1', True),
        ('INSERT INTO "governance_user_groups" ("user_id", "group_id") VALUES (1, 2)', True),
        ('SELECT * FROM "dpia_screening"', False),
        ('SELECT 1 FROM "dpia_screening" FOR UPDATE', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "audit_auditevent" ("action") VALUES (%s)', False),
        ('UPDATE "accounts_usersession" SET "last_seen_at" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        (None, False),
    ],
)
def test_writes_to_the_records_change_the_version_and_bookkeeping_does_not(sql, writes):
    assert caching.writes_read_table(sql) is writes


def test_a_write_changes_the_version_at_once_and_again_when_it_commits(db, django_capture_on_commit_callbacks):
    before = caching.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        ProjectFactory()
        during = caching.data_version()
        assert during != before
    assert len([c for c in callbacks if getattr(c, "data_version", False)]) == 1  # one, however many writes
    assert caching.data_version() not in (before, during)


def test_a_write_made_without_a_service_changes_the_version_too(personas):
    project = ProjectFactory(lead=personas.analyst)
    before = caching.data_version()
    Project.objects.filter(pk=project.pk).update(name="Renamed without a service")
    assert caching.data_version() != before


class TestKeptPages:
    def test_a_page_is_kept_and_served_again_with_its_header_drawn_afresh(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        first, worked_out = _view(client)
        again, kept = _view(client)
        assert kept < worked_out
        assert screening.reference in again.text and first.text.count(screening.reference) == again.text.count(
            screening.reference
        )
        # The header is the request's own: a new sign-out token, the current section marked.
        assert "csrfmiddlewaretoken" in again.text and 'aria-current="page"' in again.text
        assert "<title>DPIA review queue" in again.text

    def test_a_change_through_a_service_shows_at_once(self, client, personas):
        client.force_login(personas.dpo)
        _view(client)
        screening = submitted(personas.analyst)
        page, _ = _view(client)
        assert screening.reference in page.text

    def test_a_change_without_a_service_shows_at_once(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        _view(client)
        Project.objects.filter(pk=screening.project_id).update(name="Renamed by a data fix")
        page, _ = _view(client)
        assert "Renamed by a data fix" in page.text

    def test_a_change_of_permissions_shows_at_once(self, client, personas):
        client.force_login(personas.outsider)
        _view(client, "dataset_list")
        from governance.permissions import grant
        from tests.factories import DatasetFactory

        dataset = DatasetFactory(information_asset_owner=personas.iao, name="Custody records shared")
        page, _ = _view(client, "dataset_list")
        assert "Custody records shared" not in page.text
        grant(personas.outsider, dataset, ["view"])
        page, _ = _view(client, "dataset_list")
        assert "Custody records shared" in page.text

    def test_each_person_has_their_own(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        _view(client)
        client.force_login(personas.outsider_dpo)
        page, _ = _view(client)
        assert screening.reference not in page.text
        assert escape(personas.outsider_dpo) in page.text

    def test_each_query_string_has_its_own(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        _view(client)
        page, _ = _view(client, status="decided")
        assert screening.reference not in page.text

    def test_each_day_has_its_own(self, client, personas):
        screening = submitted(personas.analyst)
        Screening.objects.filter(pk=screening.pk).update(due_on=datetime.date(2026, 12, 15))
        with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
            client.force_login(personas.dpo)
            assert "Overdue" not in _view(client)[0].text
        with time_machine.travel(datetime.datetime(2026, 12, 16, 10, tzinfo=datetime.UTC), tick=False):
            client.force_login(personas.dpo)  # the first session has ended by then
            assert "Overdue" in _view(client)[0].text

    def test_only_a_200_answer_to_a_get_is_kept(self, rf, personas):
        answers = iter([HttpResponse(KEPT_PAGE, status=400), HttpResponse(KEPT_PAGE), HttpResponse("<p>afresh</p>")])
        view = caching.cached_page("test.page")(lambda request: next(answers))
        request = rf.get("/somewhere/")
        request.user = personas.dpo
        assert view(request).status_code == 400
        assert view(request).content == KEPT_PAGE.encode()  # worked out: the 400 was not kept
        kept = view(request)  # the 200 was
        assert b"A kept title" in kept.content and b"afresh" not in kept.content
        posted = rf.post("/somewhere/")
        posted.user = personas.dpo
        assert view(posted).content == b"<p>afresh</p>"  # a POST always goes to the view

    def test_content_holding_a_form_token_is_never_kept(self):
        page = (
            "<title>A page</title><!-- kept:before_content --><!-- /kept:before_content -->"
            '<!-- kept:content --><form method="post"><input name="csrfmiddlewaretoken" value="x"></form>'
            "<!-- /kept:content -->"
        )
        assert caching.kept_parts(page) is None
        assert caching.kept_parts(page.replace("csrfmiddlewaretoken", "q")) is not None
        assert caching.kept_parts(page.replace("<!-- kept:content -->", "")) is None

    def test_without_the_cache_pages_are_worked_out_each_time(self, client, personas):
        screening = submitted(personas.analyst)
        client.force_login(personas.dpo)
        broken = mock.patch.object(cache, "get_many", side_effect=ConnectionError("cache down"))
        with broken, mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")):
            first, worked_out = _view(client)
            again, second = _view(client)
        assert screening.reference in again.text and second == worked_out

    def test_a_write_still_succeeds_when_the_cache_is_down(self, personas):
        with mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")):
            project = ProjectFactory(lead=personas.analyst)
        assert Project.objects.filter(pk=project.pk).exists()


def test_every_kept_page_is_kept_for_its_users(client, personas):
    """The pages the load benchmark leans on are kept (their content holds no form token)."""
    for user, name in [
        (personas.dpo, QUEUE),
        (personas.dpo, "isa:register"),
        (personas.analyst, "dataset_list"),
        (personas.analyst, "isa:my_access"),
        (personas.secretary, "ethics:index"),
    ]:
        forget_kept_pages()
        client.force_login(user)
        _, worked_out = _view(client, name)
        _, kept = _view(client, name)
        assert kept < worked_out, name
