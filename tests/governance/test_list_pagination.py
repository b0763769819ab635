"""The list pages' paginator: the page and the list's length from one query, and the same answer as
Django's own paginator on every page number, including ones past the end and ones that are not numbers."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from governance.models import Organisation
from governance.views.common import paginate
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _page(queryset, asked, **options):
    request = RequestFactory().get("/", {"page": asked} if asked is not None else {})
    return paginate(request, queryset, per_page=3, **options)


@pytest.mark.parametrize("asked", [None, "1", "2", "3", "4", "99", "0", "-1", "two"])
def test_counting_with_the_rows_gives_what_djangos_paginator_gives(asked):
    OrganisationFactory.create_batch(8)
    organisations = Organisation.objects.order_by("name", "pk")
    expected = Paginator(organisations, 3).get_page(asked)
    page = _page(organisations, asked, counted_with_rows=True)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == organisations.count()
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert [o.pk for o in page.object_list] == [o.pk for o in expected.object_list]


def test_one_query_fetches_the_page_and_its_total():
    OrganisationFactory.create_batch(8)
    with CaptureQueriesContext(connection) as queries:
        page = _page(Organisation.objects.order_by("name", "pk"), "2", counted_with_rows=True)
        rows, total = list(page.object_list), page.paginator.count
    assert len(queries) == 1
    assert len(rows) == 3 and total == Organisation.objects.count()


def test_an_empty_list_is_one_empty_page():
    page = _page(Organisation.objects.none(), None, counted_with_rows=True)
    assert page.number == 1 and page.paginator.count == 0 and list(page.object_list) == []


def test_a_known_count_is_not_counted_again():
    OrganisationFactory.create_batch(4)
    with CaptureQueriesContext(connection) as queries:
        page = _page(Organisation.objects.order_by("pk"), "2", count=4)
        assert page.paginator.num_pages == 2
        assert len(list(page.object_list)) == 1
    assert len(queries) == 1  # the rows; no COUNT
