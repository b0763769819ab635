"""The dashboard's panels are kept until a record changes; the panels whose numbers move with the clock (the
ICO's 72 hours) are drawn afresh on every view."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dpia.models import Screening, ScreeningStatus
from tests.breaches.conftest import at, local, reported
from tests.dpia.conftest import submitted


def _page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return response.context["dashboard"], response.text, len(queries)


def _panel(dashboard, key):
    return next(panel for panel in dashboard.panels if panel.key == key)


def test_the_panels_are_kept_and_the_page_is_the_same(client, personas, world):
    client.force_login(personas.siro)
    first, first_text, worked_out = _page(client)
    again, again_text, kept = _page(client)
    assert kept < worked_out
    screenings = _panel(again, "dpia")
    assert screenings.html and not screenings.figures  # drawn from what was kept, nothing counted
    assert str(_panel(first, "dpia").html) == str(screenings.html)
    assert again_text.count("app-dashboard-section") == first_text.count("app-dashboard-section")


def test_a_change_shows_at_once(client, personas, world):
    client.force_login(personas.siro)
    _page(client)
    _page(client)  # kept
    submitted(personas.analyst)
    dashboard, _, _ = _page(client)
    by_status = next(figure for figure in _panel(dashboard, "dpia").figures if figure.key == "screenings-by-status")
    counted = {bar.label: bar.value for bar in by_status.bars}
    assert (
        counted[ScreeningStatus.SUBMITTED.label]
        == Screening.objects.filter(organisation=personas.organisation, status="submitted").count()
    )


def test_the_ico_clocks_are_drawn_afresh_as_the_hours_pass(client, personas):
    now = local(2026, 3, 11, 12, 0)
    reported(personas.analyst, now - datetime.timedelta(hours=40))  # 32 hours left at ``now``
    client.force_login(personas.siro)
    with at(now):
        first = _panel(_page(client)[0], "data-breaches")
    with at(now + datetime.timedelta(hours=9)):
        client.force_login(personas.siro)
        later = _panel(_page(client)[0], "data-breaches")
    assert first.live and later.figures  # counted again, though no record changed

    def clocks(panel):
        figure = next(figure for figure in panel.figures if figure.key == "breaches-ico-clocks")
        return {bar.label: bar.value for bar in figure.bars}

    assert clocks(first)["More than 24 hours left"] == 1 and clocks(first)["Due within 24 hours"] == 0
    assert clocks(later)["More than 24 hours left"] == 0 and clocks(later)["Due within 24 hours"] == 1
