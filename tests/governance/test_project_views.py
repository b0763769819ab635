from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from governance.models import Project, ProjectStatus
from governance.permissions import grant
from tests.factories import ProjectFactory


@pytest.fixture
def project(personas):
    return ProjectFactory(lead=personas.analyst, information_asset_owner=personas.iao, name="RASSO analysis")


def _form(**overrides):
    data = {
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
    }
    data.update(overrides)
    return data


class TestProjectList:
    def test_it_lists_the_organisations_projects(self, client, personas, project):
        client.force_login(personas.colleague)
        response = client.get(reverse("project_list"))
        assert response.status_code == 200
        assert project.name in response.text

    def test_another_organisation_sees_nothing_of_it(self, client, personas, project):
        client.force_login(personas.outsider)
        response = client.get(reverse("project_list"))
        assert project.name not in response.text
        assert project.reference not in response.text
        assert "0 projects" in response.text

    def test_a_project_shared_by_permission_is_listed_for_that_person_only(self, client, personas, project):
        grant(personas.outsider, project, ["view"])
        client.force_login(personas.outsider)
        assert project.name in client.get(reverse("project_list")).text
        client.force_login(personas.outsider_dpo)
        assert project.name not in client.get(reverse("project_list")).text

    def test_filters_narrow_the_list(self, client, personas, project):
        other = ProjectFactory(lead=personas.colleague, name="Priorities")
        client.force_login(personas.analyst)
        mine = client.get(reverse("project_list"), {"mine": "on"}).text
        assert project.name in mine and other.name not in mine
        searched = client.get(reverse("project_list"), {"q": "prior"}).text
        assert other.name in searched and project.name not in searched
        active = client.get(reverse("project_list"), {"status": ProjectStatus.ACTIVE}).text
        assert "0 projects" in active

    def test_the_query_count_does_not_grow_with_the_list(self, client, personas, django_assert_max_num_queries):
        client.force_login(personas.analyst)
        for _ in range(30):
            ProjectFactory(lead=personas.analyst)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("project_list"))
        assert response.context["page"].paginator.count == 30
        assert len(response.context["page"].object_list) == 25

    def test_anonymous_people_are_sent_to_sign_in(self, client):
        response = client.get(reverse("project_list"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


class TestProjectCreate:
    def test_an_analyst_registers_a_project_and_leads_it(self, client, personas):
        client.force_login(personas.analyst)
        response = client.post(reverse("project_create"), _form(lead=personas.analyst.pk))
        project = Project.objects.get(name="Disproportionality")
        assert response.status_code == 302
        assert response.url == project.get_absolute_url()
        assert project.lead == personas.analyst
        assert project.start_date == datetime.date(2019, 11, 18)

    def test_errors_are_summarised_and_shown_by_each_field_and_nothing_typed_is_lost(self, client, personas):
        client.force_login(personas.analyst)
        response = client.post(
            reverse("project_create"),
            _form(name="", lead=personas.analyst.pk, start_date_1="", information_custodian="Kept text"),
        )
        assert response.status_code == 200
        page = response.text
        assert "There is a problem" in page
        assert '<a href="#id_name">Enter project name</a>' in page
        assert '<a href="#id_start_date_0">Start date must include a month</a>' in page
        assert 'id="id_name-error"' in page
        assert 'value="Kept text"' in page
        assert page.startswith("<!DOCTYPE html>") and "<title>Error: " in page
        assert not Project.objects.exists()

    def test_an_impossible_date_is_refused(self, client, personas):
        client.force_login(personas.analyst)
        response = client.post(
            reverse("project_create"), _form(lead=personas.analyst.pk, start_date_0="31", start_date_1="2")
        )
        assert "Start date must be a real date" in response.text

    def test_a_lead_from_another_organisation_cannot_be_chosen(self, client, personas):
        client.force_login(personas.analyst)
        response = client.post(reverse("project_create"), _form(lead=personas.outsider.pk))
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert not Project.objects.exists()

    @pytest.mark.parametrize("role", ["siro", "auditor", "secretary", "member", "signatory"])
    def test_roles_that_do_not_register_projects_are_refused(self, client, personas, role):
        client.force_login(getattr(personas, role))
        assert client.get(reverse("project_create")).status_code == 403
        assert client.post(reverse("project_create"), _form(lead=personas.analyst.pk)).status_code == 403


class TestProjectDetailAndEdit:
    def test_the_lead_sees_the_project_with_its_actions(self, client, personas, project):
        client.force_login(personas.analyst)
        response = client.get(project.get_absolute_url())
        assert response.status_code == 200
        assert project.reference in response.text
        assert reverse("project_edit", args=[project.pk]) in response.text

    def test_a_colleague_sees_it_without_the_actions(self, client, personas, project):
        client.force_login(personas.colleague)
        response = client.get(project.get_absolute_url())
        assert response.status_code == 200
        assert reverse("project_edit", args=[project.pk]) not in response.text

    @pytest.mark.parametrize("name", ["project_detail", "project_edit", "project_status", "project_history"])
    @pytest.mark.parametrize("persona", ["outsider", "outsider_dpo"])
    def test_another_organisation_gets_404_everywhere(self, client, personas, project, name, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(reverse(name, args=[project.pk])).status_code == 404
        if name in {"project_edit", "project_status"}:
            assert client.post(reverse(name, args=[project.pk]), {}).status_code == 404

    @pytest.mark.parametrize("name", ["project_edit", "project_status"])
    @pytest.mark.parametrize("persona", ["colleague", "siro", "auditor", "signatory"])
    def test_people_who_may_see_but_not_change_get_403(self, client, personas, project, name, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(reverse(name, args=[project.pk])).status_code == 403
        assert client.post(reverse(name, args=[project.pk]), {}).status_code == 403
        project.refresh_from_db()
        assert project.version == 1

    @pytest.mark.parametrize("persona", ["analyst", "iao", "dpo"])
    def test_the_lead_the_asset_owner_and_the_dpo_can_edit(self, client, personas, project, persona):
        client.force_login(getattr(personas, persona))
        response = client.post(
            reverse("project_edit", args=[project.pk]),
            _form(
                name="RASSO analysis v2",
                lead=personas.analyst.pk,
                information_asset_owner=personas.iao.pk,
                version=project.version,
            ),
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.name == "RASSO analysis v2"

    def test_a_stale_form_is_refused_keeping_what_was_typed(self, client, personas, project):
        client.force_login(personas.analyst)
        stale = project.version
        client.post(
            reverse("project_edit", args=[project.pk]),
            _form(name="First save", lead=personas.analyst.pk, version=stale),
        )
        response = client.post(
            reverse("project_edit", args=[project.pk]),
            _form(name="Second save", lead=personas.analyst.pk, purpose="My careful words", version=stale),
        )
        assert response.status_code == 200
        assert "while you were editing it" in response.text
        assert "My careful words" in response.text
        assert f'name="version" value="{stale + 1}"' in response.text
        project.refresh_from_db()
        assert project.name == "First save"

    def test_the_status_page_moves_the_project_with_a_reason(self, client, personas, project):
        client.force_login(personas.analyst)
        page = client.get(reverse("project_status", args=[project.pk])).text
        assert "Active" in page and "Closed" not in page
        response = client.post(
            reverse("project_status", args=[project.pk]),
            {"status": "active", "reason": "DPIA settled", "version": project.version},
        )
        assert response.status_code == 302
        project.refresh_from_db()
        assert project.status == ProjectStatus.ACTIVE

    def test_a_status_not_allowed_from_here_is_refused_on_the_form(self, client, personas, project):
        client.force_login(personas.analyst)
        response = client.post(
            reverse("project_status", args=[project.pk]),
            {"status": "closed", "reason": "Done", "version": project.version},
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        project.refresh_from_db()
        assert project.status == ProjectStatus.PROPOSED
