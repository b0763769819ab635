"""Every number on the dashboard opens the list of the records behind it: the list (and its CSV) has as
many records as the number says, each linked to a page the viewer may open."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from dpia.models import Screening
from tests.dashboard.conftest import dashboard
from tests.dpia.conftest import submitted


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def every_number(response):
    """Each (url, number) the dashboard shows: a figure's total, its bars and their segments."""
    board = response.context["dashboard"]
    for entry in board.exceptions:
        if entry.figure is not None:
            yield entry.figure.url, entry.figure.total
    for panel in board.panels:
        for result in panel.figures:
            yield result.url, result.total
            for bar in result.bars:
                yield bar.url, bar.value
                for segment in bar.segments:
                    yield segment.url, segment.value


@pytest.mark.parametrize("persona", ["siro", "auditor"])
def test_each_list_and_csv_has_as_many_records_as_its_number(client, personas, world, persona):
    user = getattr(personas, persona)
    response = dashboard(client, user)
    checked = 0
    for url, number in every_number(response):
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert listed.context["page"].paginator.count == number, url
        rows = csv_rows(client.get(url + "&format=csv"))
        assert len(rows) == number + 1, url  # and a heading
        checked += 1
    assert checked > 60


def test_each_linked_record_opens_for_the_viewer(client, personas, world):
    response = dashboard(client, personas.siro)
    links: set[str] = set()
    for url, number in every_number(response):
        if number:
            page = client.get(url).text
            table = re.search(r"<table class=\"govuk-table app-list-table\">.*?</table>", page, re.S).group(0)
            links |= set(re.findall(r'href="([^"]+)"', table))
    assert len(links) > 10
    for link in links:
        # (followed: opening some records first asks the reader why, once a session)
        assert client.get(link, follow=True).status_code == 200, link


def test_a_bar_lists_its_records_under_its_name(client, personas, world):
    response = dashboard(client, personas.siro)
    result = response.context["dashboard"].figure("active-grants")
    (bar,) = result.bars
    segment = next(s for s in bar.segments if s.value and s.label == personas.other_organisation.name)
    page = client.get(segment.url)
    assert "Active access grants by dataset: Crime records, Humberside Police" in page.text
    assert page.context["page"].paginator.count == 1
    assert f'href="{world.partner_grant.get_absolute_url()}"' in page.text
    query = parse_qs(urlsplit(segment.url).query)
    assert query["value"] == [str(world.dataset.pk)]
    assert query["series"] == [str(personas.other_organisation.pk)]


def test_the_csv_has_the_lists_columns_and_is_offered_at_its_own_address(client, personas, world):
    client.force_login(personas.siro)
    url = reverse("dashboard:figure_csv", args=["dpo-reviews"])
    response = client.get(url, {"value": "overdue"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="dpo-reviews-wmp-20261118.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Screening", "Status", "Outcome", "Submitted", "DPO response due", "Decided"]
    assert rows[1][0] == str(world.overdue_review) and rows[1][4] == "2026-11-15"
    assert rows == csv_rows(client.get(reverse("dashboard:figure_list", args=["dpo-reviews"]),
                                       {"value": "overdue", "format": "csv"}))  # fmt: skip


def test_a_cell_a_spreadsheet_would_read_as_a_formula_is_quoted(client, personas, world):
    Screening.objects.filter(pk=world.overdue_review.pk).update(reference="=HYPERLINK(1)")
    client.force_login(personas.siro)
    rows = csv_rows(client.get(reverse("dashboard:figure_csv", args=["overdue-dpo-reviews"])))
    assert rows[1][0].startswith("'=HYPERLINK(1)")


def test_long_lists_are_paginated(client, personas, world):
    for _ in range(26):
        submitted(personas.analyst)
    client.force_login(personas.siro)
    url = reverse("dashboard:figure_list", args=["dpo-reviews"])
    first = client.get(url, {"value": "later"})
    assert first.context["page"].paginator.count == 26
    assert len(first.context["rows"]) == 25
    assert "page=2" in first.text and "value=later" in first.text
    second = client.get(url, {"value": "later", "page": 2})
    assert len(second.context["rows"]) == 1
    assert len(csv_rows(client.get(url, {"value": "later", "format": "csv"}))) == 27
