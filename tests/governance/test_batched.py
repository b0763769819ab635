"""Several ``values()`` querysets read in one round trip (``governance.batched``) give what each gives
alone, converters and all; and ``AnyOf`` matches what ``__in`` matches."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, F, Max, Q, Value
from django.test.utils import CaptureQueriesContext

from governance import batched
from governance.batched import values_rows
from governance.lookups import AnyOf
from governance.models import Organisation, User


def _querysets(personas):
    organisation = personas.organisation.pk
    return [
        User.objects.filter(organisation_id=organisation).order_by().values("organisation_id").annotate(n=Count("pk")),
        User.objects.order_by("pk").values("pk", "username", "date_joined"),  # a datetime, converted
        User.objects.filter(pk__in=[]).values("pk"),  # matches nothing: not sent at all
        User.objects.filter(username="nobody")
        .order_by()
        .values(_all=Value(1))
        .annotate(n=Count("pk"), last=Max("date_joined")),
        Organisation.objects.order_by("name").values("name", "short_code"),
    ]


def test_each_result_is_what_the_queryset_gives_alone(personas):
    alone = [list(queryset) for queryset in _querysets(personas)]
    assert values_rows(_querysets(personas)) == alone
    assert alone[0] and alone[1] and alone[2] == [] and alone[3] == [{"_all": 1, "n": 0, "last": None}]


@pytest.mark.needs_postgres
def test_on_postgresql_they_go_in_one_round_trip(personas):
    querysets = _querysets(personas)
    with CaptureQueriesContext(connection) as captured:
        values_rows(querysets)
    assert len(captured) == 1
    assert captured[0]["sql"].count("; ") == len(querysets) - 2  # the one matching nothing is left out


def test_where_statements_cannot_go_together_each_goes_alone(personas, monkeypatch):
    monkeypatch.setattr(batched, "together", lambda using: False)
    querysets = _querysets(personas)
    alone = [list(queryset) for queryset in _querysets(personas)]
    with CaptureQueriesContext(connection) as captured:
        assert values_rows(querysets) == alone
    assert len(captured) == len(querysets) - 1


def test_only_values_querysets_are_read(personas):
    with pytest.raises(TypeError):
        values_rows([User.objects.all(), User.objects.values("pk")])
    assert values_rows([]) == []


def test_any_of_matches_what_in_matches(personas):
    ids = list(User.objects.filter(organisation=personas.organisation).values_list("pk", flat=True)[:3])
    for values in (ids, [*ids, None], [], [ids[0]]):
        expected = set(User.objects.filter(pk__in=values).values_list("pk", flat=True))
        assert set(User.objects.filter(AnyOf(F("pk"), values)).values_list("pk", flat=True)) == expected
        either = Q(AnyOf(F("pk"), values)) | Q(username=personas.dpo.username)
        assert set(User.objects.filter(either).values_list("pk", flat=True)) == expected | {personas.dpo.pk}


def test_any_of_matches_other_values_too(personas):
    names = [personas.dpo.username, personas.siro.username, "nobody"]
    found = set(User.objects.filter(AnyOf(F("username"), names)).values_list("pk", flat=True))
    assert found == {personas.dpo.pk, personas.siro.pk}


@pytest.mark.needs_postgres
def test_any_of_is_one_array_on_postgresql(personas):
    ids = list(User.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        list(User.objects.filter(AnyOf(F("pk"), ids)).values("pk"))
    assert '"governance_user"."id" = ANY(' in captured[0]["sql"]
