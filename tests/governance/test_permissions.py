from __future__ import annotations

from typing import Any, cast

import pytest
from django.contrib.auth.models import Group

from governance.access import get_dataset_for_user, get_project_for_user
from governance.models import Dataset, Project
from governance.permissions import grant, holders, holds_object_permission, permission_tables, revoke
from tests.factories import DatasetFactory, ProjectFactory


@pytest.fixture
def project(personas):
    return ProjectFactory(lead=personas.analyst)


class TestVisibleTo:
    def test_a_person_sees_their_organisations_records_only(self, personas, project):
        assert list(Project.objects.visible_to(personas.colleague)) == [project]
        assert list(Project.objects.visible_to(personas.outsider)) == []

    def test_a_direct_object_permission_shares_one_record(self, personas, project):
        other = ProjectFactory(lead=personas.analyst)
        grant(personas.outsider, project, ["view"])
        assert list(Project.objects.visible_to(personas.outsider)) == [project]
        assert other not in Project.objects.visible_to(personas.outsider)

    def test_a_group_object_permission_shares_it_with_the_groups_members(self, personas, project):
        from guardian.shortcuts import assign_perm

        panel = Group.objects.create(name="Regional analysts")
        personas.outsider.groups.add(panel)
        assign_perm("view_project", panel, project)
        assert list(Project.objects.visible_to(personas.outsider)) == [project]
        assert list(Project.objects.visible_to(personas.outsider_dpo)) == []

    def test_revoking_takes_the_record_away(self, personas, project):
        grant(personas.outsider, project, ["view"])
        revoke(personas.outsider, project, ["view"])
        assert list(Project.objects.visible_to(personas.outsider)) == []

    def test_an_inactive_or_anonymous_person_sees_nothing(self, personas, project):
        from django.contrib.auth.models import AnonymousUser

        personas.colleague.is_active = False
        assert list(Project.objects.visible_to(personas.colleague)) == []
        assert list(Project.objects.visible_to(cast(Any, AnonymousUser()))) == []

    def test_a_change_right_is_not_a_view_right(self, personas, project):
        grant(personas.outsider, project, ["change"])
        assert list(Project.objects.visible_to(personas.outsider)) == []

    def test_the_permission_rows_live_in_the_direct_foreign_key_tables(self, personas, project):
        user_table, group_table = permission_tables(Project)
        assert user_table.__name__ == "ProjectUserObjectPermission"
        assert group_table.__name__ == "ProjectGroupObjectPermission"
        assert user_table._default_manager.filter(content_object=project, user=personas.analyst).count() == 2
        assert set(holders(project, "change")) == {personas.analyst}

    def test_visible_to_is_one_query(self, personas, project, django_assert_num_queries):
        grant(personas.outsider, project, ["view"])
        with django_assert_num_queries(1):
            list(Project.objects.visible_to(personas.outsider))


class TestAccessHelpers:
    def test_404_for_an_unseen_record_and_403_for_an_action_not_allowed(self, personas, project):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        with pytest.raises(Http404):
            get_project_for_user(personas.outsider, project.pk)
        with pytest.raises(PermissionDenied):
            get_project_for_user(personas.colleague, project.pk, "change")
        assert get_project_for_user(personas.analyst, project.pk, "change") == project

    def test_a_dpo_may_change_only_in_their_own_organisation(self, personas):
        from django.http import Http404

        dataset = DatasetFactory(information_asset_owner=personas.iao)
        assert get_dataset_for_user(personas.dpo, dataset.pk, "change") == dataset
        grant(personas.outsider_dpo, dataset, ["view"])
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            get_dataset_for_user(personas.outsider_dpo, dataset.pk, "change")
        with pytest.raises(Http404):
            get_dataset_for_user(personas.outsider, dataset.pk)

    def test_holding_a_right_is_checked_on_the_record_itself(self, personas, project):
        other = ProjectFactory(lead=personas.colleague)
        assert holds_object_permission(personas.analyst, project, "change")
        assert not holds_object_permission(personas.analyst, other, "change")


def test_every_governed_model_has_direct_permission_tables():
    for model in (Project, Dataset):
        user_table, group_table = permission_tables(model)
        assert user_table._meta.app_label == "governance"
        assert group_table._meta.app_label == "governance"
