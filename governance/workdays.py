"""Working-day arithmetic for local service levels (e.g. the DPO's 10-working-day response).

Working days skip weekends and the bank holidays of England and Wales, including substitute days
(Boxing Day 2026 falls on a Saturday, so Monday 28 December is the holiday). Statutory clocks
measured in calendar months or clock hours are not working days and do not use this module.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # England and Wales share one list of bank holidays.
    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (``start`` itself never counts)."""
    if days < 0:
        raise ValueError("Count working days forwards only.")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def _working_days_between(first: datetime.date, last: datetime.date) -> int:
    """How many working days from ``first`` to ``last``, both included (0 if ``last`` comes first).

    Weekdays by arithmetic, less the bank holidays that fall on one: a list page counts down to dozens of
    due dates, some of them years away, so walking day by day cost milliseconds per row."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    weekdays = weeks * 5 + sum(1 for offset in range(extra) if (first.weekday() + offset) % 7 < 5)
    holidays_on_weekdays = sum(
        1
        for year in range(first.year, last.year + 1)
        for holiday in _bank_holidays(year)
        if first <= holiday <= last and holiday.weekday() < 5
    )
    return weekdays - holidays_on_weekdays


def working_days_until(today: datetime.date, due: datetime.date) -> int:
    """How many working days from ``today`` to ``due``: 0 if due today, negative once overdue."""
    one_day = datetime.timedelta(days=1)
    if due >= today:
        return _working_days_between(today + one_day, due)
    return -_working_days_between(due, today - one_day)
