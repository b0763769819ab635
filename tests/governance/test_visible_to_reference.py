"""``visible_to`` of datasets and screenings gives exactly the rows of a plain reference filter, built
independently on guardian's own ``get_objects_for_user``: the user's organisation's records (for
screenings: submitted ones, for those who read the whole organisation) or records they hold a view
permission on, directly or through a group. The fast form (``PermittedIds``) must never change who
sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.db.models import Q
from guardian.shortcuts import assign_perm, get_objects_for_user

from dpia.models import Screening, ScreeningStatus
from governance.models import Dataset, User
from governance.permissions import grant
from tests.dpia.conftest import start, submitted
from tests.factories import DatasetFactory, ProjectFactory, UserFactory


def _granted(user: User, model: type[Any], codename: str) -> Q:
    return Q(pk__in=get_objects_for_user(user, codename, klass=model, accept_global_perms=False).values("pk"))


def dataset_reference(user: User) -> set[int]:
    condition = _granted(user, Dataset, "governance.view_dataset")
    if user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return set(Dataset.objects.filter(condition).values_list("pk", flat=True))


def screening_reference(user: User) -> set[int]:
    condition = _granted(user, Screening, "dpia.view_screening")
    if user.reads_whole_organisation() and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id) & ~Q(status=ScreeningStatus.DRAFT)
    return set(Screening.objects.filter(condition).values_list("pk", flat=True))


def visible(queryset: Any) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def panel(personas) -> Group:
    """A group the other organisation's DPO belongs to."""
    group = Group.objects.create(name="Regional panel")
    personas.outsider_dpo.groups.add(group)
    return group


@pytest.fixture
def nobody(personas) -> User:
    """Someone with no organisation and no permission rows."""
    return UserFactory(username="nobody", organisation=None)


def _everyone(personas, nobody) -> list[User]:
    return [
        personas.analyst,
        personas.colleague,
        personas.dpo,
        personas.siro,
        personas.auditor,
        personas.iao,
        personas.outsider,
        personas.outsider_dpo,
        nobody,
    ]


class TestDatasets:
    @pytest.fixture
    def datasets(self, personas, panel) -> dict[str, Dataset]:
        home = DatasetFactory(name="Custody records", information_asset_owner=personas.iao)
        by_user = DatasetFactory(name="Crime records", information_asset_owner=personas.iao)
        by_group = DatasetFactory(name="Intelligence", information_asset_owner=personas.iao)
        theirs = DatasetFactory(name="Their stop and search")  # a third organisation's, shared with nobody
        grant(personas.outsider, by_user, ["view"])
        assign_perm("view_dataset", panel, by_group)
        assign_perm("change_dataset", personas.outsider_dpo, theirs)  # a change right is not a view right
        return {"home": home, "by_user": by_user, "by_group": by_group, "theirs": theirs}

    def test_each_person_sees_exactly_the_reference_rows(self, personas, datasets, nobody):
        for user in _everyone(personas, nobody):
            assert visible(Dataset.objects.visible_to(user)) == dataset_reference(user), user.username

    def test_own_organisation_user_row_and_group_row_each_share(self, personas, datasets, nobody):
        home, by_user, by_group, theirs = (datasets[k].pk for k in ("home", "by_user", "by_group", "theirs"))
        assert {home, by_user, by_group} <= visible(Dataset.objects.visible_to(personas.colleague))
        assert theirs not in visible(Dataset.objects.visible_to(personas.colleague))
        outsider = visible(Dataset.objects.visible_to(personas.outsider))
        assert by_user in outsider and home not in outsider and by_group not in outsider
        outsider_dpo = visible(Dataset.objects.visible_to(personas.outsider_dpo))
        assert by_group in outsider_dpo and by_user not in outsider_dpo and theirs not in outsider_dpo
        assert visible(Dataset.objects.visible_to(nobody)) == set()

    def test_inactive_and_anonymous_people_see_nothing(self, personas, datasets):
        personas.outsider.is_active = False
        assert visible(Dataset.objects.visible_to(personas.outsider)) == set()
        assert visible(Dataset.objects.visible_to(AnonymousUser())) == set()

    def test_it_composes_with_filters_related_managers_and_subqueries(self, personas, datasets):
        by_user = datasets["by_user"]
        project = ProjectFactory(lead=personas.outsider)
        project.datasets.add(by_user, datasets["home"])
        assert list(project.datasets.visible_to(personas.outsider)) == [by_user]
        assert list(Dataset.objects.filter(name__startswith="Crime").visible_to(personas.outsider)) == [by_user]
        inner = Dataset.objects.visible_to(personas.outsider).values("pk")
        assert list(Dataset.objects.filter(pk__in=inner)) == [by_user]
        assert Dataset.objects.visible_to(personas.outsider).count() == 1

    def test_the_list_is_one_query(self, personas, datasets, django_assert_num_queries):
        with django_assert_num_queries(1):
            list(Dataset.objects.visible_to(personas.outsider_dpo))


class TestScreenings:
    @pytest.fixture
    def screenings(self, personas, panel) -> dict[str, Screening]:
        sent = submitted(personas.analyst)
        draft = start(personas.analyst)
        shared_draft = start(personas.colleague)
        elsewhere = submitted(personas.outsider)
        assign_perm("view_screening", panel, shared_draft)  # a draft shared with a group
        grant(personas.outsider, sent, ["view"])
        return {"sent": sent, "draft": draft, "shared_draft": shared_draft, "elsewhere": elsewhere}

    def test_each_person_sees_exactly_the_reference_rows(self, personas, screenings, nobody):
        for user in _everyone(personas, nobody):
            assert visible(Screening.objects.visible_to(user)) == screening_reference(user), user.username

    def test_drafts_stay_with_those_given_them(self, personas, screenings):
        sent, draft, shared_draft = (screenings[k].pk for k in ("sent", "draft", "shared_draft"))
        for reader in (personas.dpo, personas.siro, personas.auditor):
            seen = visible(Screening.objects.visible_to(reader))
            assert sent in seen and draft not in seen and shared_draft not in seen, reader.username
        assert {sent, draft} <= visible(Screening.objects.visible_to(personas.analyst))
        assert shared_draft not in visible(Screening.objects.visible_to(personas.analyst))
        assert visible(Screening.objects.visible_to(personas.outsider)) == {sent, screenings["elsewhere"].pk}
        assert shared_draft in visible(Screening.objects.visible_to(personas.outsider_dpo))

    def test_the_reference_still_holds_after_a_draft_is_submitted(self, personas, screenings, nobody):
        Screening.objects.filter(pk=screenings["draft"].pk).update(status=ScreeningStatus.SUBMITTED)
        for user in _everyone(personas, nobody):
            assert visible(Screening.objects.visible_to(user)) == screening_reference(user), user.username


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array form is PostgreSQL's")
def test_permitted_ids_are_an_array_the_primary_key_index_can_search(personas):
    """``pk = ANY(ARRAY(...))`` OR'ed with the organisation, not ``pk IN (subquery)``: only the array
    form lets PostgreSQL combine both index scans rather than test every row of the table."""
    sql = str(Dataset.objects.visible_to(personas.analyst).query)
    assert '"governance_dataset"."organisation_id" = ' in sql
    assert '"governance_dataset"."id" = ANY(ARRAY(SELECT content_object_id' in sql
