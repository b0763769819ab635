"""The read endpoints: the pages' visibility, 404 for what the caller may not see, filters, pages, queries."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient, api, service_account, service_token
from tests.factories import DatasetFactory, OrganisationFactory, ProjectFactory
from tests.isa.conftest import granted, in_force

LISTS = [
    "organisations",
    "projects",
    "datasets",
    "agreements",
    "screenings",
    "ethics-cases",
    "access-grants",
    "access-requests",
    "disposal-records",
]


@pytest.fixture
def chain(personas, own_dataset, settled):
    """WMP's project with a decided screening, an access grant, and an agreement with Humberside."""
    access = granted(personas, own_dataset, settled)
    agreement = in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
    return {"grant": access, "agreement": agreement, "dataset": own_dataset, "project": settled}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("endpoint", LISTS)
def test_a_service_account_of_an_unrelated_organisation_sees_nothing(chain, endpoint):
    stranger = ApiClient(service_token(service_account(OrganisationFactory(name="North Yorkshire", short_code="NYP"))))
    rows = stranger.get(f"/api/{endpoint}/").json()["results"]
    assert rows == [] if endpoint != "organisations" else len(rows) == 1


@pytest.mark.parametrize("endpoint", LISTS)
def test_a_partners_service_account_sees_only_what_is_shared_with_it(chain, partner_platform, endpoint, personas):
    rows = partner_platform.get(f"/api/{endpoint}/").json()["results"]
    if endpoint == "agreements":  # Humberside is a party to it
        assert [row["id"] for row in rows] == [chain["agreement"].pk]
    elif endpoint == "organisations":
        assert {row["id"] for row in rows} == {personas.organisation.pk, personas.other_organisation.pk}
    else:
        assert rows == []


def test_records_it_may_not_see_are_404(chain, partner_platform, personas):
    paths = [
        f"/api/projects/{chain['project'].pk}/",
        f"/api/datasets/{chain['dataset'].pk}/",
        f"/api/screenings/{chain['project'].screenings.get().pk}/",
        f"/api/access-grants/{chain['grant'].pk}/",
        f"/api/access-requests/{chain['grant'].request_id}/",
    ]
    for path in paths:
        assert partner_platform.get(path).status_code == 404, path
        assert api(personas.outsider).get(path).status_code == 404, path
        assert api(personas.dpo).get(path).status_code == 200, path


def test_the_dpo_sees_the_organisations_registers(chain, personas):
    client = api(personas.dpo)
    assert chain["project"].pk in ids(client.get("/api/projects/"))
    assert chain["dataset"].pk in ids(client.get("/api/datasets/"))
    assert chain["grant"].pk in ids(client.get("/api/access-grants/"))
    assert ids(client.get("/api/organisations/")) == {personas.organisation.pk, personas.other_organisation.pk}


def test_an_agreement_lists_its_parties_and_datasets(chain, partner_platform, personas):
    (row,) = partner_platform.get("/api/agreements/").json()["results"]
    assert {party["organisation"] for party in row["parties"]} == {
        personas.organisation.pk,
        personas.other_organisation.pk,
    }
    assert row["datasets"] == [
        {
            "dataset": chain["dataset"].pk,
            "dataset_reference": chain["dataset"].reference,
            "provider": personas.organisation.pk,
            "recipient": personas.other_organisation.pk,
        }
    ]


def test_a_colleague_sees_only_their_own_grants(chain, personas):
    assert ids(api(personas.colleague).get("/api/access-grants/")) == set()
    assert ids(api(personas.analyst).get("/api/access-grants/")) == {chain["grant"].pk}


def test_a_screening_gives_status_outcome_and_dates_and_its_answers_to_those_who_see_it(chain, personas):
    screening = chain["project"].screenings.get()
    body = api(personas.dpo).get(f"/api/screenings/{screening.pk}/").json()
    assert (body["status"], body["outcome"]) == ("decided", "A")
    assert body["answers"]["aim_and_purpose"] == screening.aim_and_purpose
    listed = api(personas.dpo).get("/api/screenings/").json()["results"][0]
    assert "answers" not in listed


def test_the_disposal_log_is_for_the_dpo_and_siro_only(personas, home_platform):
    for user in (personas.analyst, personas.auditor):
        assert api(user).get("/api/disposal-records/").json()["results"] == []
    assert home_platform.get("/api/disposal-records/").json()["results"] == []
    assert api(personas.siro).get("/api/disposal-records/").status_code == 200


def test_filters_narrow_the_list_and_bad_values_are_400(personas):
    wanted = DatasetFactory(information_asset_owner=personas.iao)
    DatasetFactory(information_asset_owner=personas.iao)
    client = api(personas.dpo)
    assert ids(client.get("/api/datasets/", status="retired")) == set()
    assert ids(client.get("/api/datasets/", reference=wanted.reference)) == {wanted.pk}
    assert client.get("/api/datasets/", status="nonsense").status_code == 400
    assert client.get("/api/projects/", organisation="x").status_code == 400
    assert client.get("/api/screenings/", submitted_after="yesterday").status_code == 400


def test_lists_are_paginated(personas):
    for _ in range(3):
        DatasetFactory(information_asset_owner=personas.iao)
    body = api(personas.dpo).get("/api/datasets/", page_size=2).json()
    assert (body["count"], len(body["results"])) == (3, 2) and body["next"]


def test_a_session_works_as_well_as_a_token(client, personas):
    client.force_login(personas.dpo)
    assert client.get("/api/datasets/").status_code == 200


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_do_not_grow_with_rows(chain, personas, endpoint, django_assert_max_num_queries):
    client = api(personas.dpo)
    client.get(f"/api/{endpoint}/")  # the token's last-used time is written on first use
    for _ in range(3):
        project = ProjectFactory(lead=personas.analyst)
        project.datasets.add(DatasetFactory(information_asset_owner=personas.iao))
        granted(personas, chain["dataset"], chain["project"])
    with django_assert_max_num_queries(14):
        assert client.get(f"/api/{endpoint}/").status_code == 200
