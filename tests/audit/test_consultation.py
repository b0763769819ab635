"""DPA 2018 s.62: viewing a record with special category or criminal offence data asks why, once a
session, and logs every such view with the reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from governance.choices import PersonalDataCategory, SpecialCategory
from tests.factories import DatasetFactory


@pytest.fixture
def sensitive(personas):
    return DatasetFactory(information_asset_owner=personas.iao, special_categories=[SpecialCategory.HEALTH])


@pytest.fixture
def criminal(personas):
    return DatasetFactory(
        information_asset_owner=personas.iao, personal_data_categories=[PersonalDataCategory.CRIMINAL_OFFENCE]
    )


def _views(dataset):
    return AuditEvent.objects.filter(action="governance.dataset.viewed", record_id=str(dataset.pk))


def test_the_first_view_asks_why(client, personas, sensitive):
    client.force_login(personas.analyst)
    response = client.get(sensitive.get_absolute_url())
    assert response.status_code == 302
    assert response.url == f"{reverse('audit:justify')}?next=%2Fdatasets%2F{sensitive.pk}%2F"
    assert not _views(sensitive).exists()


def test_with_a_reason_every_view_is_logged_with_it(client, personas, sensitive, criminal):
    client.force_login(personas.analyst)
    response = client.post(
        reverse("audit:justify"), {"reason": "Preparing the knife crime profile", "next": sensitive.get_absolute_url()}
    )
    assert response.status_code == 302 and response.url == sensitive.get_absolute_url()
    page = client.get(sensitive.get_absolute_url())
    assert page.status_code == 200 and "Preparing the knife crime profile" in page.text
    client.get(sensitive.get_absolute_url())
    assert client.get(criminal.get_absolute_url()).status_code == 200  # asked once a session, not per record
    logged = list(_views(sensitive))
    assert len(logged) == 2
    assert {(e.actor_id, e.justification) for e in logged} == {
        (personas.analyst.pk, "Preparing the knife crime profile")
    }
    assert _views(criminal).count() == 1


def test_a_record_without_sensitive_data_is_not_asked_about(client, personas):
    ordinary = DatasetFactory(information_asset_owner=personas.iao)
    client.force_login(personas.analyst)
    assert client.get(ordinary.get_absolute_url()).status_code == 200
    assert not _views(ordinary).exists()


def test_a_short_reason_is_refused_with_a_message(client, personas, sensitive):
    client.force_login(personas.analyst)
    response = client.post(reverse("audit:justify"), {"reason": "x", "next": sensitive.get_absolute_url()})
    assert response.status_code == 200
    assert "Give a reason of at least 10 characters." in response.text
    assert client.get(sensitive.get_absolute_url()).status_code == 302


def test_the_reason_page_never_sends_people_off_site(client, personas):
    client.force_login(personas.analyst)
    response = client.post(
        reverse("audit:justify"), {"reason": "Reviewing the queue today", "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_someone_who_may_not_see_the_record_gets_404_not_the_question(client, personas, sensitive):
    client.force_login(personas.outsider)
    assert client.get(sensitive.get_absolute_url()).status_code == 404


def test_a_new_session_asks_again(client, personas, sensitive):
    client.force_login(personas.analyst)
    client.post(reverse("audit:justify"), {"reason": "Preparing the knife crime profile", "next": "/"})
    client.logout()
    client.force_login(personas.analyst)
    assert client.get(sensitive.get_absolute_url()).status_code == 302
