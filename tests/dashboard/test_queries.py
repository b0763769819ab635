"""The dashboard counts with a fixed number of aggregate queries, however many records there are."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard import caching
from dashboard.kinds import CountFigure, Figure, measure_all
from dashboard.registry import exceptions, panels
from dashboard.scope import Scope, default_period
from dpia.models import Screening
from governance.batched import together
from retention.models import DisposalRecord
from tests.dashboard.conftest import TODAY, aware, decided, overdue
from tests.dpia.conftest import submitted
from tests.ethics.conftest import submit
from tests.isa.conftest import approve, ask, settled_project

# The dashboard page on PostgreSQL, as the budget has it (issue 10): the session, the user and their roles,
# the filters' organisations, the organisation's ids, every figure's aggregate (with each exception's first
# ids) in one round trip, those first records (one query for each kind of record), the names of the bars by
# dataset and the retention schedules' pages of due records. Elsewhere each aggregate is a query of its own.
MAX_QUERIES = 15
MAX_QUERIES_ONE_EACH = 45


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return len(captured)


def more_of_everything(personas, world, committee) -> None:
    for _ in range(4):
        overdue(submitted(personas.analyst))
        decided(submitted(personas.analyst), personas.dpo, "A")
    for _ in range(3):
        project = settled_project(personas.analyst, personas.dpo)
        request = ask(personas.analyst, project, [world.dataset])
        approve(request, request.lines.get(), personas.iao, "asset_owner")
        approve(request, request.lines.get(), personas.dpo, "dpo")
    for number in range(2, 5):
        submit(committee, personas.analyst, reference=f"DAL_2026_{number:04d}")
    for number in range(5):
        DisposalRecord.objects.create(
            organisation=personas.organisation, record_type="isa.accessgrant", record_id=1000 + number,
            label=f"Access grant {1000 + number}", schedule=world.disposal.schedule, schedule_summary="-",
            due_on=TODAY, disposed_at=aware(TODAY - datetime.timedelta(days=number)), method="deleted",
            authorised_by=world.disposal.authorised_by, authority="-", sha256="b" * 64,
        )  # fmt: skip


def test_the_query_count_is_capped_and_does_not_grow_with_the_records(
    client, personas, world, committee, django_assert_max_num_queries
):
    client.force_login(personas.siro)
    before = queries(client)
    more_of_everything(personas, world, committee)
    assert Screening.objects.count() > 15
    assert queries(client) == before
    with django_assert_max_num_queries(MAX_QUERIES if together(connection.alias) else MAX_QUERIES_ONE_EACH):
        client.get(reverse("dashboard:index"))


def _numbers(result) -> dict:
    numbers = caching.numbers(result)
    return numbers | {"samples": [record.pk for record in numbers["samples"]]}


@pytest.mark.parametrize("persona", ["siro", "auditor"])
def test_figures_counted_together_are_those_counted_one_by_one(personas, world, committee, persona):
    more_of_everything(personas, world, committee)
    user = getattr(personas, persona)
    scope = Scope(user, personas.organisation, *default_period(TODAY), TODAY)
    wanted: list[tuple[Figure, int]] = [(figure, 5) for figure in exceptions() if figure.shown_to(user)]
    wanted += [(figure, 0) for panel in panels() if panel.shown_to(user) for figure in panel.figures]
    counted = measure_all(wanted, scope)
    assert [_numbers(result) for result in counted] == [_numbers(measure_all([w], scope)[0]) for w in wanted]
    assert any(result.samples for result in counted) and any(result.total for result in counted)
    # A number's first records are its list's first records, in the list's order.
    for (figure, sample), result in zip(wanted, counted, strict=True):
        if sample and isinstance(figure, CountFigure):
            records = figure.counted(scope)
            listed = figure.listing(records)[:sample]
            assert [record.pk for record in result.samples] == [record.pk for record in listed], figure.key


def test_a_list_page_does_not_grow_with_its_records(client, personas, world, committee, django_assert_max_num_queries):
    client.force_login(personas.siro)
    url = reverse("dashboard:figure_list", args=["active-grants"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    more_of_everything(personas, world, committee)
    with django_assert_max_num_queries(len(first)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 5
