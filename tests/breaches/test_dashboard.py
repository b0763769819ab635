"""The breach panel and the "ICO decision overdue" exception on the SIRO dashboard, with their lists."""

from __future__ import annotations

import datetime

from django.urls import reverse

from breaches.services import breach_decide_ico
from tests.breaches.conftest import assessed, at, local, reported, reported_to_ico

NOW = local(2026, 3, 11, 12, 0)


def board(client, user):
    client.force_login(user)
    with at(NOW):
        return client.get(reverse("dashboard:index")).context["dashboard"]


def bars(result):
    return {bar.label: bar.value for bar in result.bars}


def world(personas):
    """Two breaches past 72 hours undecided, one due within 24 hours, one with time, one reported to the
    ICO, one not reportable, one closed, and one of another organisation."""
    hours_ago = lambda hours: NOW - datetime.timedelta(hours=hours)  # noqa: E731
    for hours in (100, 80, 60, 10):
        reported(personas.analyst, hours_ago(hours))
    reported_to_ico(assessed(reported(personas.analyst, hours_ago(90)), personas.dpo), personas.dpo, hours=20)
    quiet = assessed(reported(personas.analyst, hours_ago(95)), personas.dpo, "none")
    breach_decide_ico(breach=quiet, actor=personas.dpo, expected_version=quiet.version, decision="not_reportable",
                      reasons="Contained.")  # fmt: skip
    reported(personas.outsider, hours_ago(200))


def test_the_panel_counts_open_breaches_and_running_clocks(client, personas):
    world(personas)
    dashboard = board(client, personas.siro)
    clocks = dashboard.figure("breaches-ico-clocks")
    assert bars(clocks) == {"Overdue: more than 72 hours": 2, "Due within 24 hours": 1, "More than 24 hours left": 1}
    by_status = dashboard.figure("breaches-open")
    assert bars(by_status) == {"Reported": 4, "Being assessed": 0, "Reported to the ICO": 1, "Not reportable": 1}


def test_the_exception_lists_the_overdue_decisions(client, personas):
    world(personas)
    dashboard = board(client, personas.dpo)
    overdue = dashboard.figure("breaches-ico-overdue")
    assert overdue.total == 2 and overdue.alert
    with at(NOW):
        response = client.get(reverse("dashboard:figure_list", args=["breaches-ico-overdue"]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    with at(NOW):
        response = client.get(
            reverse("dashboard:figure_list", args=["breaches-ico-clocks"]), {"value": "due-soon", "format": "csv"}
        )
    assert b"ICO due" in b"".join(response.streaming_content)


def test_nothing_is_flagged_once_decided(client, personas):
    breach = assessed(reported(personas.analyst, NOW - datetime.timedelta(hours=80)), personas.dpo)
    assert board(client, personas.siro).figure("breaches-ico-overdue").total == 1
    reported_to_ico(breach, personas.dpo, hours=75, late_reasons="Waited for the partner's account.")
    assert board(client, personas.siro).figure("breaches-ico-overdue").total == 0


def test_the_register_s_figures_are_the_viewers_own_organisation_s(client, personas):
    reported(personas.outsider, NOW - datetime.timedelta(hours=100))
    assert board(client, personas.siro).figure("breaches-ico-overdue").total == 0
    assert board(client, personas.outsider_dpo).figure("breaches-ico-overdue").total == 1
