from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from governance.actors import system_actor
from governance.history import history_entries
from governance.services.common import save_with_history
from governance.services.datasets import DatasetDetails, dataset_update
from governance.services.projects import project_change_status
from tests.factories import DatasetFactory, ProjectFactory


class TestHistoryEntries:
    def test_each_change_names_who_which_field_from_what_and_to_what(self, personas):
        project = ProjectFactory(lead=personas.analyst, name="Priorities")
        project_change_status(
            project=project,
            actor=personas.dpo,
            status="active",
            reason="Screening settled",
            expected_version=project.version,
        )
        newest, created = history_entries(project)
        assert newest.who == str(personas.dpo)
        assert newest.kind == "Changed"
        assert newest.reason == "Screening settled"
        assert [(c.label, c.old, c.new) for c in newest.changes if c.label == "Status"] == [
            ("Status", "Proposed", "Active")
        ]
        assert created.kind == "Created"
        assert created.who == str(personas.analyst)
        assert ("Project lead", "(blank)", str(personas.analyst)) in [(c.label, c.old, c.new) for c in created.changes]

    def test_list_fields_and_people_are_shown_in_words(self, personas):
        dataset = DatasetFactory(information_asset_owner=personas.iao, special_categories=[])
        dataset_update(
            dataset=dataset,
            actor=personas.dpo,
            expected_version=1,
            details=DatasetDetails(
                name=dataset.name,
                information_asset_owner=personas.iao,
                source_system=dataset.source_system,
                special_categories=["health", "race"],
                personal_data_categories=["names"],
            ),
        )
        change = next(c for c in history_entries(dataset)[0].changes if c.label == "Special category data")
        assert (change.old, change.new) == ("(blank)", "Health, Race")

    def test_datasets_added_to_a_project_are_named(self, personas):
        first = DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
        second = DatasetFactory(information_asset_owner=personas.iao, name="Custody records")
        project = ProjectFactory(lead=personas.analyst, datasets=[first])
        project.datasets.add(second)
        # Registering with a dataset is one entry; adding the second (a separate save) is another.
        project.history.filter(history_id=project.history.latest().history_id).update(
            history_date=project.history.latest().history_date + datetime.timedelta(minutes=5)
        )
        newest, created = history_entries(project)
        assert [(c.label, c.new) for c in created.changes if c.label == "Datasets"] == [("Datasets", str(first))]
        assert [(c.old, c.new) for c in newest.changes] == [(str(first), f"{first}, {second}")]

    def test_a_change_made_by_a_task_names_the_system_actor(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        project.information_custodian = "Head of Analysis"
        save_with_history(project, system_actor("retention sweep"))
        assert history_entries(project)[0].who == "System: retention sweep"

    def test_the_bookkeeping_version_is_not_shown(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        project_change_status(
            project=project,
            actor=personas.dpo,
            status="active",
            reason="Go",
            expected_version=project.version,
        )
        labels = {c.label for entry in history_entries(project) for c in entry.changes}
        assert "Version" not in labels and "Updated at" not in labels


class TestHistoryPage:
    def test_the_page_shows_the_changes(self, client, personas):
        project = ProjectFactory(lead=personas.analyst)
        project_change_status(
            project=project,
            actor=personas.dpo,
            status="active",
            reason="Screening settled",
            expected_version=project.version,
        )
        client.force_login(personas.auditor)
        page = client.get(reverse("project_history", args=[project.pk])).text
        assert f"Changed by {escape(personas.dpo)}" in page
        assert "Reason: Screening settled" in page
        assert '<td class="govuk-table__cell app-history-entry__value">Proposed</td>' in page

    @pytest.mark.parametrize("count", [1, 20])
    def test_the_query_count_does_not_grow_with_the_history(
        self, client, personas, count, django_assert_max_num_queries
    ):
        project = ProjectFactory(lead=personas.analyst)
        for index in range(count):
            project.information_custodian = f"Custodian {index}"
            save_with_history(project, personas.analyst)
        client.force_login(personas.analyst)
        with django_assert_max_num_queries(10):
            assert client.get(reverse("project_history", args=[project.pk])).status_code == 200
