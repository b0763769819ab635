"""Breaches made through the services, at fixed moments, for the register's tests."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from breaches.models import Breach
from breaches.services import breach_assess_risk, breach_decide_ico, breach_report, breach_update
from governance.models import User
from tests.factories import DatasetFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment on the wall clocks in England."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# A Friday afternoon: the 72 hours end on the Monday afternoon.
FRIDAY = local(2026, 3, 6, 16, 30)


def at(moment: datetime.datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def reported(reporter: User, discovered_at: datetime.datetime = FRIDAY, **overrides: Any) -> Breach:
    """A suspected breach as its finder reports it (the clock is stopped just after it was found)."""
    fields: dict[str, Any] = {
        "summary": "Victim contact list e-mailed to the wrong address\nSent to an external contact by mistake.",
        "data_involved": "Names, telephone numbers and crime references of victims.",
        "people_affected": 40,
        **overrides,
    }
    with at(discovered_at + datetime.timedelta(minutes=20)):
        return breach_report(actor=reporter, discovered_at=discovered_at, **fields)


def recorded(breach: Breach, dpo: User, regime: str = "uk_gdpr", **overrides: Any) -> Breach:
    fields: dict[str, Any] = {
        "regime": regime,
        "aware_at": breach.aware_at,
        "data_categories": ["names", "contact"],
        "special_categories": [],
        "people_affected": breach.people_affected,
        **overrides,
    }
    return breach_update(breach=breach, actor=dpo, expected_version=breach.version, **fields)


RISKS = {"none": ("remote", "minimal"), "risk": ("possible", "significant"), "high": ("likely", "severe")}


def assessed(breach: Breach, dpo: User, level: str = "high", regime: str = "uk_gdpr") -> Breach:
    """Recorded under ``regime`` and assessed as ``level`` (none, risk or high)."""
    breach = recorded(breach, dpo, regime)
    likelihood, severity = RISKS[level]
    return breach_assess_risk(
        breach=breach, actor=dpo, expected_version=breach.version, likelihood=likelihood, severity=severity,
        reasons="Assessed for the test.",
    )  # fmt: skip


def reported_to_ico(breach: Breach, dpo: User, hours: int = 30, late_reasons: str = "") -> Breach:
    return breach_decide_ico(
        breach=breach, actor=dpo, expected_version=breach.version, decision="report", reasons="A risk to people.",
        reported_at=breach.aware_at + datetime.timedelta(hours=hours), ico_reference="IC-100200-A1B2",
        late_reasons=late_reasons,
    )  # fmt: skip


@pytest.fixture
def partner_dataset(personas: Any) -> Any:
    """A dataset of the other organisation (Humberside), with its own asset owner."""
    owner = UserFactory(organisation=personas.other_organisation, roles=["Information asset owner"], username="hp_iao")
    return DatasetFactory(information_asset_owner=owner, name="Humberside crime records")
