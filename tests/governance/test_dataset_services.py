from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from governance.choices import PersonalDataCategory, SpecialCategory
from governance.models import DATASET_WORKFLOW, DatasetStatus
from governance.permissions import holds_object_permission
from governance.services.datasets import DatasetDetails, dataset_change_status, dataset_create, dataset_update
from governance.workflow import EditConflict, IllegalTransition
from tests.factories import DatasetFactory


def details(owner, **overrides):
    fields = {
        "name": "Custody records",
        "information_asset_owner": owner,
        "source_system": "ISIS custody system",
    }
    fields.update(overrides)
    return DatasetDetails(**fields)


class TestDatasetCreate:
    def test_it_is_added_with_a_reference_and_its_owner_gets_rights(self, personas):
        dataset = dataset_create(actor=personas.iao, details=details(personas.iao))
        assert dataset.reference.startswith("WMP-DS-")
        assert dataset.organisation == personas.organisation
        assert holds_object_permission(personas.iao, dataset, "change")
        assert dataset.history.get().history_user == personas.iao

    def test_the_owner_must_hold_the_asset_owner_role(self, personas):
        with pytest.raises(ValidationError) as error:
            dataset_create(actor=personas.dpo, details=details(personas.analyst))
        assert "information_asset_owner" in error.value.message_dict

    def test_the_owner_must_be_in_the_organisation(self, personas):
        with pytest.raises(ValidationError):
            dataset_create(actor=personas.dpo, details=details(personas.outsider))

    def test_unknown_categories_are_refused(self, personas):
        with pytest.raises(ValidationError) as error:
            dataset_create(actor=personas.iao, details=details(personas.iao, special_categories=["star_sign"]))
        assert "special_categories" in error.value.message_dict

    def test_holding_personal_data_follows_the_categories(self, personas):
        none = dataset_create(actor=personas.iao, details=details(personas.iao, name="Aggregates"))
        some = dataset_create(
            actor=personas.iao,
            details=details(personas.iao, personal_data_categories=[PersonalDataCategory.NAMES]),
        )
        special = dataset_create(
            actor=personas.iao, details=details(personas.iao, special_categories=[SpecialCategory.HEALTH])
        )
        assert (none.holds_personal_data, some.holds_personal_data, special.holds_personal_data) == (
            False,
            True,
            True,
        )


class TestDatasetUpdate:
    def test_a_new_owner_takes_over_the_rights(self, personas):
        from tests.factories import UserFactory

        successor = UserFactory(organisation=personas.organisation, roles=["Information asset owner"])
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        dataset_update(dataset=dataset, actor=personas.dpo, expected_version=1, details=details(successor))
        assert holds_object_permission(successor, dataset, "change")
        assert not holds_object_permission(personas.iao, dataset, "change")

    def test_a_stale_edit_is_refused(self, personas):
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        dataset_update(dataset=dataset, actor=personas.iao, expected_version=1, details=details(personas.iao))
        with pytest.raises(EditConflict):
            dataset_update(dataset=dataset, actor=personas.dpo, expected_version=1, details=details(personas.iao))


class TestDatasetStatus:
    @pytest.mark.parametrize("start", list(DatasetStatus))
    @pytest.mark.parametrize("target", list(DatasetStatus))
    def test_every_move_follows_the_table(self, personas, start, target):
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        type(dataset).objects.filter(pk=dataset.pk).update(status=start)
        dataset.refresh_from_db()
        if DATASET_WORKFLOW.can_move(start, target):
            moved = dataset_change_status(
                dataset=dataset,
                actor=personas.iao,
                status=target,
                reason="Replaced",
                expected_version=dataset.version,
            )
            assert moved.status == target
        else:
            with pytest.raises(IllegalTransition):
                dataset_change_status(
                    dataset=dataset,
                    actor=personas.iao,
                    status=target,
                    reason="Replaced",
                    expected_version=dataset.version,
                )
