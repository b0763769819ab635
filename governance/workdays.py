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


def working_days_until(today: datetime.date, due: datetime.date) -> int:
    """How many working days from ``today`` to ``due``: 0 if due today, negative once overdue."""
    if due == today:
        return 0
    step = 1 if due > today else -1
    count = 0
    day = today
    while day != due:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            count += step
    return count
