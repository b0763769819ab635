from __future__ import annotations

import datetime

import pytest

from governance.workdays import add_working_days, is_working_day, working_days_until

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # The seed DPIA: submitted Thursday 24 October 2019, the DPO's reply due Thursday 7 November.
        (D(2019, 10, 24), 10, D(2019, 11, 7)),
        # Across Christmas and New Year 2026-27: 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan skipped.
        (D(2026, 12, 17), 10, D(2027, 1, 5)),
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (D(2026, 4, 2), 1, D(2026, 4, 7)),
        # A Saturday submission counts from the Monday.
        (D(2026, 11, 21), 1, D(2026, 11, 23)),
        (D(2026, 11, 20), 0, D(2026, 11, 20)),
    ],
)
def test_adding_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 12, 28))  # Boxing Day (substitute day)
    assert not is_working_day(D(2026, 8, 31))  # Summer bank holiday (England and Wales)
    assert not is_working_day(D(2026, 11, 22))  # Sunday
    assert is_working_day(D(2026, 11, 23))


def test_counting_down_to_a_due_date():
    assert working_days_until(D(2019, 10, 24), D(2019, 11, 7)) == 10
    assert working_days_until(D(2026, 12, 24), D(2026, 12, 29)) == 1
    assert working_days_until(D(2019, 11, 7), D(2019, 11, 7)) == 0
    assert working_days_until(D(2019, 11, 8), D(2019, 11, 7)) == -1


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="forwards"):
        add_working_days(D(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 22), 12, D(2027, 11, 22)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 8, 31), -6, D(2026, 2, 28)),
    ],
)
def test_adding_calendar_months(start, months, expected):
    from governance.dates import add_months

    assert add_months(start, months) == expected


def _walked(today: datetime.date, due: datetime.date) -> int:
    """The count by walking day by day (the definition the arithmetic must agree with)."""
    step = 1 if due > today else -1
    count, day = 0, today
    while day != due:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            count += step
    return count


def test_counting_by_arithmetic_agrees_with_walking_day_by_day():
    import random

    rng = random.Random(20261122)
    start = D(2018, 1, 1)
    for _ in range(500):
        today = start + datetime.timedelta(days=rng.randrange(4000))
        due = today + datetime.timedelta(days=rng.randrange(-900, 900))
        assert working_days_until(today, due) == _walked(today, due), (today, due)
