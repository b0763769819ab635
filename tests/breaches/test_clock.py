"""The ICO clock: 72 clock hours from awareness, counted in UTC, whatever the weekends, bank holidays and
changes of the clocks."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from breaches.models import ico_due_at
from tests.breaches.conftest import FRIDAY, at, local, reported


@pytest.mark.parametrize(
    ("aware", "due"),
    [
        # Friday 16:30 → Monday 16:30 (not working days: the weekend counts).
        (FRIDAY, local(2026, 3, 9, 16, 30)),
        # Friday 22 May 2026 16:30 → the Spring bank holiday, Monday 25 May, 16:30.
        (local(2026, 5, 22, 16, 30), local(2026, 5, 25, 16, 30)),
        # Thursday before Easter → Easter Sunday (Good Friday and Easter Monday make no difference).
        (local(2026, 4, 2, 9, 0), local(2026, 4, 5, 9, 0)),
        # The clocks go forward on 29 March 2026: 72 real hours end at 13:00 BST, not 12:00.
        (local(2026, 3, 28, 12, 0), local(2026, 3, 31, 13, 0)),
        # The clocks go back on 25 October 2026: 72 real hours end at 11:00 GMT.
        (local(2026, 10, 24, 12, 0), local(2026, 10, 27, 11, 0)),
    ],
)
def test_the_report_is_due_72_clock_hours_after_awareness(aware, due):
    utc = datetime.UTC
    assert ico_due_at(aware).astimezone(utc) == due.astimezone(utc)
    assert ico_due_at(aware).strftime("%a %d %b %H:%M") == due.strftime("%a %d %b %H:%M")
    assert (ico_due_at(aware).astimezone(utc) - aware.astimezone(utc)).total_seconds() == 72 * 3600


def test_friday_awareness_is_due_on_monday_at_the_same_time_on_the_record(personas):
    breach = reported(personas.analyst, FRIDAY)
    clock = breach.ico_clock()
    assert clock.due_at == local(2026, 3, 9, 16, 30)
    assert clock.due_at.strftime("%A %H:%M") == "Monday 16:30"


def test_the_countdown_runs_and_then_shows_overdue(personas):
    breach = reported(personas.analyst, FRIDAY)
    sunday = breach.ico_clock(local(2026, 3, 8, 18, 0))
    assert (sunday.remaining, sunday.due_soon, sunday.overdue) == (
        datetime.timedelta(hours=22, minutes=30),
        True,
        False,
    )
    assert sunday.remaining_label == "22 hours 30 minutes"
    saturday = breach.ico_clock(local(2026, 3, 7, 9, 0))
    assert not saturday.due_soon and saturday.remaining_label == "2 days 7 hours"
    tuesday = breach.ico_clock(local(2026, 3, 10, 9, 0))
    assert tuesday.overdue and tuesday.remaining_label == "16 hours 30 minutes"


def test_the_dpo_list_shows_the_countdown(client, personas):
    breach = reported(personas.analyst, FRIDAY)
    client.force_login(personas.dpo)
    with at(local(2026, 3, 8, 18, 0)):
        page = client.get(reverse("breaches:index")).content.decode()
    assert breach.reference in page
    assert "22 hours 30 minutes left" in page
    with at(local(2026, 3, 10, 9, 0)):
        page = client.get(reverse("breaches:detail", args=[breach.pk])).content.decode()
    assert "Overdue" in page and "Monday 9 March 2026, 16:30" in page
