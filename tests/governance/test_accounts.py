from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


class TestSignIn:
    def test_the_sign_in_page_uses_the_govuk_form(self, client, db):
        page = client.get(reverse("login")).text
        assert '<label class="govuk-label govuk-label--s" for="id_username">Username</label>' in page
        assert 'class="govuk-input"' in page

    def test_a_person_signs_in_and_lands_on_their_home_page(self, client, personas):
        response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("home")
        assert "What needs your attention" in response.text

    def test_a_wrong_password_is_explained_in_the_error_summary(self, client, personas):
        response = client.post(reverse("login"), {"username": "analyst", "password": "not it at all"})
        assert response.status_code == 200
        assert "There is a problem" in response.text
        assert "Enter a correct username and password" in response.text

    def test_empty_fields_are_named(self, client, db):
        response = client.post(reverse("login"), {"username": "", "password": ""})
        assert '<a href="#id_username">Enter username</a>' in response.text
        assert '<a href="#id_password">Enter password</a>' in response.text

    def test_signing_in_leaves_no_history_row_on_the_person(self, client, personas):
        before = personas.analyst.history.count()
        client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
        personas.analyst.refresh_from_db()
        assert personas.analyst.last_login is not None
        assert personas.analyst.history.count() == before

    def test_signing_out_is_a_post(self, client, personas):
        client.force_login(personas.analyst)
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(reverse("home")).status_code == 302

    def test_a_system_actor_cannot_sign_in(self, client, db):
        from governance.actors import system_actor

        actor = system_actor("retention sweep")
        assert not actor.is_active and not actor.has_usable_password()


class TestPasswordChange:
    def test_a_person_changes_their_password(self, client, personas):
        client.force_login(personas.analyst)
        new = "four random words here"
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        assert response.url == reverse("password_change_done")
        personas.analyst.refresh_from_db()
        assert personas.analyst.check_password(new)

    def test_a_short_password_is_refused(self, client, personas):
        client.force_login(personas.analyst)
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
        )
        assert "at least 12 characters" in response.text


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", []),
        ("project_list", []),
        ("project_create", []),
        ("dataset_list", []),
        ("dataset_create", []),
        ("project_detail", [1]),
        ("dataset_detail", [1]),
        ("password_change", []),
    ],
)
def test_signed_out_people_are_sent_to_sign_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("name", ["login", "accessibility", "healthz"])
def test_public_pages_need_no_sign_in(client, db, name):
    assert client.get(reverse(name)).status_code == 200


class TestLayout:
    def test_navigation_skip_link_and_accessibility_statement(self, client, personas):
        client.force_login(personas.analyst)
        page = client.get(reverse("project_list")).text
        assert '<a href="#main-content" class="govuk-skip-link"' in page
        assert 'aria-current="page"' in page
        assert reverse("accessibility") in page
        assert "OFFICIAL-SENSITIVE" in page
        assert "govuk-header__logotype" not in page  # no crown: this is not a GOV.UK service

    def test_home_shows_the_persons_projects_and_datasets(self, client, personas):
        from tests.factories import DatasetFactory, ProjectFactory

        project = ProjectFactory(lead=personas.analyst)
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        client.force_login(personas.analyst)
        assert project.name in client.get(reverse("home")).text
        client.force_login(personas.iao)
        page = client.get(reverse("home")).text
        assert dataset.name in page and project.name not in page

    def test_the_home_page_query_count_does_not_grow(self, client, personas):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from tests.factories import DatasetFactory, ProjectFactory

        def queries(persona):
            client.force_login(persona)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("home")).status_code == 200
            return len(captured)

        people = (personas.analyst, personas.iao, personas.dpo)
        ProjectFactory(lead=personas.analyst)
        DatasetFactory(information_asset_owner=personas.iao)
        [queries(person) for person in people]  # fill the per-process caches (content types) first
        few = [queries(person) for person in people]
        for _ in range(15):
            ProjectFactory(lead=personas.analyst)
            DatasetFactory(information_asset_owner=personas.iao)
        assert [queries(person) for person in people] == few
        assert max(few) <= 20  # the session, the user and roles, then a query or two per app's home panel

    def test_home_for_the_dpo_lists_proposed_projects_of_the_organisation(self, client, personas):
        from tests.factories import ProjectFactory

        project = ProjectFactory(lead=personas.analyst)
        client.force_login(personas.dpo)
        assert project.name in client.get(reverse("home")).text
        client.force_login(personas.outsider_dpo)
        assert project.name not in client.get(reverse("home")).text


def test_only_the_closest_section_is_current(rf, personas):
    from governance.navigation import sections_for

    current = [item["label"] for item in sections_for(personas.analyst, "/isa/requests/3/") if item["current"]]
    assert current == ["Access"]
    assert [i["label"] for i in sections_for(personas.analyst, "/") if i["current"]] == ["Home"]
    assert [i["label"] for i in sections_for(personas.analyst, "/isa/12/") if i["current"]] == ["Agreements"]
