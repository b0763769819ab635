from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Dataset, DatasetStatus
from governance.permissions import grant
from tests.conftest import forget_kept_pages
from tests.consultation import give_reason
from tests.factories import DatasetFactory


@pytest.fixture
def dataset(personas):
    return DatasetFactory(information_asset_owner=personas.iao, name="Custody records", special_categories=["health"])


def _form(owner, **overrides):
    data = {
        "name": "Stop and search records",
        "description": "Each stop and search.",
        "information_asset_owner": owner.pk,
        "source_system": "Stop and search application",
        "personal_data_categories": ["names", "location"],
        "special_categories": ["race", "ethnic_origin"],
        "data_subject_categories": ["suspects"],
        "volume_band": "over_5000",
        "protective_marking": "OFFICIAL-SENSITIVE",
        "location": "Force data centre",
        "data_format": "Relational database",
    }
    data.update(overrides)
    return data


class TestDatasetList:
    def test_the_register_lists_the_organisations_datasets(self, client, personas, dataset):
        client.force_login(personas.analyst)
        response = client.get(reverse("dataset_list"))
        assert dataset.name in response.text

    def test_another_organisation_sees_nothing_of_it(self, client, personas, dataset):
        client.force_login(personas.outsider)
        response = client.get(reverse("dataset_list"))
        assert dataset.name not in response.text
        assert "0 datasets" in response.text

    def test_a_dataset_shared_by_permission_appears_for_that_person(self, client, personas, dataset):
        grant(personas.outsider, dataset, ["view"])
        client.force_login(personas.outsider)
        assert dataset.name in client.get(reverse("dataset_list")).text
        give_reason(client)
        assert client.get(dataset.get_absolute_url()).status_code == 200

    def test_filters_narrow_the_register(self, client, personas, dataset):
        DatasetFactory(information_asset_owner=personas.iao, name="Crime records", protective_marking="OFFICIAL")
        client.force_login(personas.analyst)
        page = client.get(reverse("dataset_list"), {"marking": "OFFICIAL"}).text
        assert "Crime records" in page and "Custody records" not in page
        page = client.get(reverse("dataset_list"), {"q": "custody"}).text
        assert "Custody records" in page and "Crime records" not in page

    def test_the_query_count_does_not_grow_with_the_list(self, client, personas, django_assert_max_num_queries):
        for _ in range(30):
            DatasetFactory(information_asset_owner=personas.iao)
        client.force_login(personas.analyst)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("dataset_list"))
        assert response.context["page"].paginator.count == 30

    def test_the_register_is_counted_with_its_rows_and_reads_only_the_columns_shown(
        self, client, personas, django_assert_max_num_queries
    ):
        made = {DatasetFactory(information_asset_owner=personas.iao).pk for _ in range(27)}
        client.force_login(personas.analyst)
        client.get(reverse("dataset_list"))
        forget_kept_pages()
        with django_assert_max_num_queries(7):
            response = client.get(reverse("dataset_list"))
        first = response.context["page"]
        second = client.get(reverse("dataset_list"), {"page": "2"}).context["page"]
        assert first.paginator.count == 27 and "27 datasets" in response.text
        assert {d.pk for d in [*first.object_list, *second.object_list]} == made
        assert "description" in first.object_list[0].get_deferred_fields()


class TestDatasetPages:
    def test_an_asset_owner_adds_a_dataset(self, client, personas):
        client.force_login(personas.iao)
        response = client.post(reverse("dataset_create"), _form(personas.iao))
        dataset = Dataset.objects.get(name="Stop and search records")
        assert response.url == dataset.get_absolute_url()
        assert dataset.special_categories == ["race", "ethnic_origin"]
        assert dataset.information_asset_owner == personas.iao

    def test_the_detail_page_shows_the_categories_in_words(self, client, personas, dataset):
        client.force_login(personas.analyst)
        give_reason(client)
        page = client.get(dataset.get_absolute_url()).text
        assert "Health" in page and "Names" in page

    def test_missing_answers_are_summarised(self, client, personas):
        client.force_login(personas.iao)
        response = client.post(reverse("dataset_create"), _form(personas.iao, name="", source_system=""))
        assert '<a href="#id_name">Enter dataset name</a>' in response.text
        assert '<a href="#id_source_system">Enter source system</a>' in response.text
        assert not Dataset.objects.exists()

    @pytest.mark.parametrize("persona", ["analyst", "siro", "auditor"])
    def test_roles_that_do_not_keep_the_register_cannot_add(self, client, personas, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(reverse("dataset_create")).status_code == 403

    @pytest.mark.parametrize("name", ["dataset_detail", "dataset_edit", "dataset_status", "dataset_history"])
    def test_another_organisation_gets_404(self, client, personas, dataset, name):
        client.force_login(personas.outsider_dpo)
        assert client.get(reverse(name, args=[dataset.pk])).status_code == 404

    @pytest.mark.parametrize("name", ["dataset_edit", "dataset_status"])
    @pytest.mark.parametrize("persona", ["analyst", "siro", "auditor"])
    def test_people_who_may_see_but_not_change_get_403(self, client, personas, dataset, name, persona):
        client.force_login(getattr(personas, persona))
        assert client.get(reverse(name, args=[dataset.pk])).status_code == 403

    @pytest.mark.parametrize("persona", ["iao", "dpo"])
    def test_the_owner_and_the_dpo_can_edit(self, client, personas, dataset, persona):
        client.force_login(getattr(personas, persona))
        response = client.post(
            reverse("dataset_edit", args=[dataset.pk]),
            _form(personas.iao, name="Custody records (ISIS)", version=dataset.version),
        )
        assert response.status_code == 302
        dataset.refresh_from_db()
        assert dataset.name == "Custody records (ISIS)"

    def test_retiring_a_dataset(self, client, personas, dataset):
        client.force_login(personas.iao)
        client.post(
            reverse("dataset_status", args=[dataset.pk]),
            {"status": "retired", "reason": "Replaced by the new system", "version": dataset.version},
        )
        dataset.refresh_from_db()
        assert dataset.status == DatasetStatus.RETIRED
