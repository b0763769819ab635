from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance.models import PROJECT_WORKFLOW, ProjectStatus
from governance.permissions import holds_object_permission
from governance.roles import Role
from governance.services.projects import project_change_status, project_create, project_update
from governance.workflow import EditConflict, IllegalTransition
from tests.factories import DatasetFactory, ProjectFactory, UserFactory


def _update(project, actor, **changes):
    fields = {
        "name": project.name,
        "purpose": project.purpose,
        "lead": project.lead,
        "information_asset_owner": project.information_asset_owner,
        "information_custodian": project.information_custodian,
        "datasets": list(project.datasets.all()),
        "start_date": project.start_date,
        "end_date": project.end_date,
    }
    fields.update(changes)
    return project_update(project=project, actor=actor, expected_version=project.version, **fields)


class TestProjectCreate:
    def test_it_gives_an_organisation_reference_and_records_who_registered_it(self, personas):
        project = project_create(
            actor=personas.analyst,
            name="RASSO analysis",
            purpose="To improve outcomes.",
            lead=personas.analyst,
        )
        year = datetime.date.today().year
        assert project.reference == f"WMP-PRJ-{year}-0001"
        assert project.organisation == personas.organisation
        assert project.status == ProjectStatus.PROPOSED
        created = project.history.get()
        assert created.history_user == personas.analyst
        assert created.history_type == "+"

    def test_references_count_up_within_the_organisation(self, personas):
        first = ProjectFactory(lead=personas.analyst)
        second = ProjectFactory(lead=personas.analyst)
        other = ProjectFactory(lead=personas.outsider)
        assert first.reference.endswith("-0001")
        assert second.reference.endswith("-0002")
        assert other.reference.startswith("HP-PRJ-") and other.reference.endswith("-0001")

    def test_the_lead_and_asset_owner_get_rights_on_the_project(self, personas):
        project = ProjectFactory(lead=personas.analyst, information_asset_owner=personas.iao)
        for person in (personas.analyst, personas.iao):
            assert holds_object_permission(person, project, "view")
            assert holds_object_permission(person, project, "change")
        assert not holds_object_permission(personas.colleague, project, "change")

    def test_it_refuses_a_lead_from_another_organisation(self, personas):
        with pytest.raises(ValidationError) as error:
            project_create(actor=personas.analyst, name="X", purpose="Y", lead=personas.outsider)
        assert "lead" in error.value.message_dict

    def test_it_refuses_an_asset_owner_without_the_role(self, personas):
        with pytest.raises(ValidationError) as error:
            project_create(
                actor=personas.analyst,
                name="X",
                purpose="Y",
                lead=personas.analyst,
                information_asset_owner=personas.colleague,
            )
        assert "information_asset_owner" in error.value.message_dict

    def test_it_refuses_a_dataset_the_actor_cannot_see(self, personas):
        hidden = DatasetFactory(
            information_asset_owner=UserFactory(organisation=personas.other_organisation, roles=[Role.ASSET_OWNER])
        )
        with pytest.raises(ValidationError) as error:
            project_create(actor=personas.analyst, name="X", purpose="Y", lead=personas.analyst, datasets=[hidden])
        assert "datasets" in error.value.message_dict

    def test_it_refuses_an_end_before_the_start(self, personas):
        with pytest.raises(ValidationError):
            project_create(
                actor=personas.analyst,
                name="X",
                purpose="Y",
                lead=personas.analyst,
                start_date=datetime.date(2026, 5, 1),
                end_date=datetime.date(2026, 4, 30),
            )


class TestProjectUpdate:
    def test_it_changes_fields_bumps_the_version_and_records_the_actor(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        updated = _update(project, personas.dpo, purpose="A clearer purpose.")
        assert updated.purpose == "A clearer purpose."
        assert updated.version == project.version + 1
        assert updated.history.latest().history_user == personas.dpo

    def test_a_new_lead_gets_the_rights_and_the_old_lead_loses_them(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        _update(project, personas.analyst, lead=personas.colleague)
        assert holds_object_permission(personas.colleague, project, "change")
        assert not holds_object_permission(personas.analyst, project, "change")

    def test_a_stale_edit_is_refused_and_names_who_changed_what(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        stale_version = project.version
        _update(project, personas.dpo, name="Renamed by the DPO")
        project.refresh_from_db()
        with pytest.raises(EditConflict) as conflict:
            project_update(
                project=project,
                actor=personas.analyst,
                expected_version=stale_version,
                name="My rename",
                purpose=project.purpose,
                lead=project.lead,
                information_asset_owner=None,
                information_custodian="",
                datasets=[],
                start_date=None,
                end_date=None,
            )
        assert "Project name" in conflict.value.changed_fields
        assert str(personas.dpo) in str(conflict.value)
        assert conflict.value.current_version == project.version
        project.refresh_from_db()
        assert project.name == "Renamed by the DPO"

    def test_changing_datasets_is_kept_in_history(self, personas):
        dataset = DatasetFactory(information_asset_owner=personas.iao)
        project = ProjectFactory(lead=personas.analyst)
        _update(project, personas.analyst, datasets=[dataset])
        assert list(project.datasets.all()) == [dataset]
        latest = project.history.latest()
        assert [row.dataset_id for row in latest.datasets.all()] == [dataset.pk]


ALL_STATES = list(ProjectStatus)
MOVES = [(a, b) for a in ALL_STATES for b in ALL_STATES if a != b]


class TestProjectStatus:
    @pytest.mark.parametrize(("start", "target"), MOVES, ids=[f"{a}->{b}" for a, b in MOVES])
    def test_every_move_is_allowed_or_refused_by_the_table(self, personas, start, target):
        project = ProjectFactory(lead=personas.analyst)
        project.__class__.objects.filter(pk=project.pk).update(status=start)
        project.refresh_from_db()
        if PROJECT_WORKFLOW.can_move(start, target):
            moved = project_change_status(
                project=project,
                actor=personas.analyst,
                status=target,
                reason="Board decision",
                expected_version=project.version,
            )
            assert moved.status == target
            assert moved.history.latest().history_change_reason == "Board decision"
            assert (moved.closed_at is not None) == (target in {ProjectStatus.CLOSED, ProjectStatus.WITHDRAWN})
        else:
            with pytest.raises(IllegalTransition):
                project_change_status(
                    project=project,
                    actor=personas.analyst,
                    status=target,
                    reason="Board decision",
                    expected_version=project.version,
                )
            project.refresh_from_db()
            assert project.status == start

    def test_the_table_lets_a_proposed_project_start_and_a_closed_one_go_nowhere(self):
        assert PROJECT_WORKFLOW.can_move(ProjectStatus.PROPOSED, ProjectStatus.ACTIVE)
        assert PROJECT_WORKFLOW.allowed_from(ProjectStatus.CLOSED) == []

    def test_a_reason_is_required(self, personas):
        project = ProjectFactory(lead=personas.analyst)
        with pytest.raises(ValidationError):
            project_change_status(
                project=project,
                actor=personas.analyst,
                status=ProjectStatus.ACTIVE,
                reason="  ",
                expected_version=project.version,
            )
