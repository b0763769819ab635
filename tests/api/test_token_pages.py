"""The API tokens page: a person issues and revokes their own tokens; the DPO also their organisation's
service accounts'. The token's value is shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from api.models import ApiToken
from api.tokens import hash_token, token_create
from audit.models import AuditEvent
from tests.api.conftest import ApiClient, service_account

PAGE = "/accounts/api-tokens/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_token(response) -> str:
    match = re.search(r'id="token-value" type="text" value="(dsg_[^"]+)"', response.content.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_anonymous_people_are_sent_to_sign_in(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_person_creates_a_token_that_is_shown_once_and_works(personas):
    client = signed_in(personas.analyst)
    response = client.post(PAGE, {"name": "Reporting spreadsheet", "days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = shown_token(response)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash) == (personas.analyst, "Reporting spreadsheet", hash_token(raw))
    assert token.service_account is None
    assert ApiClient(raw).get("/api/datasets/").status_code == 200
    listing = client.get(PAGE).content.decode()
    assert "Reporting spreadsheet" in listing and token.prefix in listing and raw not in listing
    assert AuditEvent.objects.filter(action="api.token_create", actor_id=personas.analyst.pk).exists()


def test_a_second_click_does_not_make_a_second_token(personas):
    client = signed_in(personas.analyst)
    client.post(PAGE, {"name": "Reporting", "days": "30"})
    again = client.post(PAGE, {"name": "reporting ", "days": "30"})
    assert again.status_code == 200
    assert "A token in use already has this name" in again.content.decode()
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": "30"}, "What is the token for?"),
        ({"name": "x", "days": "0"}, "Enter a number of days from 1 to 366"),
        ({"name": "x", "days": "400"}, "Enter a number of days from 1 to 366"),
        ({"name": "x", "days": "ninety"}, "Enter the number of days as a whole number"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_made(personas, data, message):
    response = signed_in(personas.analyst).post(PAGE, data)
    assert response.status_code == 200
    assert message in response.content.decode() and "govuk-error-summary" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_at_once(personas):
    issued = token_create(user=personas.analyst, name="Laptop", days=30, actor=personas.analyst)
    client = signed_in(personas.analyst)
    response = client.post(f"{PAGE}{issued.token.pk}/revoke/", follow=True)
    assert "revoked: it no longer works" in response.content.decode()
    assert ApiClient(issued.raw).get("/api/datasets/").status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoke", actor_id=personas.analyst.pk).exists()


def test_nobody_sees_or_revokes_another_persons_token(personas):
    issued = token_create(user=personas.analyst, name="Laptop", days=30, actor=personas.analyst)
    for other in (personas.colleague, personas.dpo, personas.outsider_dpo):
        client = signed_in(other)
        assert "Laptop" not in client.get(PAGE).content.decode()
        assert client.post(f"{PAGE}{issued.token.pk}/revoke/").status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.is_usable


def test_the_dpo_issues_and_revokes_tokens_for_the_organisations_service_accounts(personas):
    account = service_account(personas.organisation)
    client = signed_in(personas.dpo)
    assert "Analytics platform (service account)" in client.get(PAGE).content.decode()
    raw = shown_token(client.post(PAGE, {"holder": str(account.pk), "name": "Production", "days": "90"}))
    token = ApiToken.objects.get()
    assert (token.user, token.service_account) == (account.user, account)
    assert ApiClient(raw).get("/api/datasets/").status_code == 200
    # Another organisation's DPO neither sees nor revokes it; the organisation's analyst cannot choose it.
    assert "Production" not in signed_in(personas.outsider_dpo).get(PAGE).content.decode()
    assert signed_in(personas.outsider_dpo).post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    analyst = signed_in(personas.analyst)
    assert "service account" not in analyst.get(PAGE).content.decode()
    refused = analyst.post(PAGE, {"holder": str(account.pk), "name": "Sneaky", "days": "90"})
    assert refused.status_code == 200 and ApiToken.objects.count() == 1
    client.post(f"{PAGE}{token.pk}/revoke/")
    assert ApiClient(raw).get("/api/datasets/").status_code == 401


def test_a_user_of_no_organisation_has_no_tokens_page(db):
    from tests.factories import UserFactory

    assert signed_in(UserFactory(organisation=None)).get(PAGE).status_code == 404
