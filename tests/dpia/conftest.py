"""Screenings in each state, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from dpia.models import Screening
from dpia.questions import YesNo
from dpia.services.screenings import screening_save_answers, screening_start, screening_submit
from governance.models import User
from tests.factories import ProjectFactory

FACTOR_KEYS = (
    "profiling",
    "large_scale_sensitive",
    "public_monitoring",
    "new_technology",
    "denial_of_service",
    "biometric_genetic",
    "data_matching",
    "invisible_processing",
    "tracking",
    "targeting_vulnerable",
    "physical_harm",
    "evaluation_scoring",
    "large_scale",
    "prevents_rights",
)


def low_risk_answers(**overrides: Any) -> dict[str, Any]:
    """A complete set of answers that triggers no high-risk indicator."""
    answers: dict[str, Any] = {
        "information_asset_owner": "Head of Intelligence",
        "information_custodian": "Superintendent, Data Analytics Lab",
        "dpia_coordinator": "",
        "processing_commences": datetime.date(2027, 1, 4),
        "aim_and_purpose": "To count reported burglaries by ward each month for the local policing board.",
        "personal_data": "Crime reference numbers and the ward of the offence; no names.",
        "special_categories": ["none"],
        "collection": "From the crime recording system already held by the force.",
        "use": "Counted in the analytics platform; only aggregate tables are shared.",
        "volume": "1000_5000",
        "data_subjects": ["victims"],
        "data_subjects_other": "",
        "new_information": YesNo.NO,
        "shared_with_third_parties": YesNo.NO,
        "transfer_within_eu": YesNo.NO,
        "transfer_outside_eu": YesNo.NO,
        "cloud_provider": YesNo.NO,
        "agreement_in_place": "none_required",
        "necessity": "Counts cannot be produced without reading the crime records.",
        "proportionality": "Only the fields needed for counting are read; outputs are aggregates.",
        "operational_basis": "law_enforcement",
        "administrative_basis": "n/a",
        "retention_compliant": YesNo.YES,
        "retention_schedule": "Force review, retention and disposal policy",
        **dict.fromkeys(FACTOR_KEYS, YesNo.NO),
    }
    answers.update(overrides)
    return answers


def start(lead: User, **answers: Any) -> Screening:
    project = ProjectFactory(lead=lead)
    screening = screening_start(project=project, actor=lead)
    if answers:
        screening = screening_save_answers(
            screening=screening, actor=lead, answers=answers, expected_version=screening.version
        )
    return screening


def submitted(lead: User, **overrides: Any) -> Screening:
    screening = start(lead, **low_risk_answers(**overrides))
    return screening_submit(screening=screening, actor=lead, expected_version=screening.version)


@pytest.fixture
def draft(personas):
    return start(personas.analyst, **low_risk_answers())


@pytest.fixture
def waiting(personas):
    """A complete screening submitted to the DPO."""
    return submitted(personas.analyst)
