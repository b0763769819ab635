"""Agreements, requests and settled screenings, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from dpia.services.screenings import screening_decide
from governance.models import Dataset, Organisation, Project, User
from isa.models import AccessRequest, Agreement
from isa.services.agreements import (
    PartySpec,
    agreement_create,
    agreement_send_for_signature,
    agreement_sign,
    dataset_cover,
)
from isa.services.requests import access_request_create, access_request_decide
from tests.dpia.conftest import submitted
from tests.factories import DatasetFactory, ProjectFactory, UserFactory

TERMS: dict[str, Any] = {
    "title": "Serious violence data sharing",
    "purpose": "To understand serious violence.",
    "lawful_basis": "part3",
    "data_items": "Offence, ward, age band.",
    "security": "Secure transfer; named analysts.",
    "retention_terms": "Deleted after 12 months.",
    "breach_procedure": "Tell the provider's DPO within 24 hours.",
}


def terms(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **TERMS,
        "start_date": today - datetime.timedelta(days=30),
        "review_date": today + datetime.timedelta(days=300),
        "end_date": today + datetime.timedelta(days=700),
        **overrides,
    }


def signatory_of(organisation: Organisation) -> User:
    return UserFactory(organisation=organisation, roles=["Partner signatory"], job_title="Director")


def in_force(
    drafter: User, provider: Organisation, recipient: Organisation, datasets: list[Dataset], **overrides: Any
) -> Agreement:
    """An agreement every party has signed, covering ``datasets`` from ``provider`` to ``recipient``."""
    agreement = drafted(drafter, provider, recipient, datasets, **overrides)
    agreement = agreement_send_for_signature(agreement=agreement, actor=drafter, expected_version=agreement.version)
    for party in agreement.parties.select_related("signatory"):
        agreement = agreement_sign(agreement=agreement, party=party, actor=party.signatory)
    return agreement


def drafted(
    drafter: User, provider: Organisation, recipient: Organisation, datasets: list[Dataset], **overrides: Any
) -> Agreement:
    agreement = agreement_create(
        actor=drafter,
        contact_point=drafter,
        parties=[
            PartySpec(provider, "provider", signatory_of(provider)),
            PartySpec(recipient, "recipient", signatory_of(recipient)),
        ],
        **terms(**overrides),
    )
    for dataset in datasets:
        dataset_cover(agreement=agreement, actor=drafter, dataset=dataset, recipient=recipient)
    return agreement


def settled_project(lead: User, dpo: User) -> Project:
    """A project whose latest screening has outcome A."""
    screening = submitted(lead)
    screening_decide(
        screening=screening, actor=dpo, outcome="A", reasons="Low risk.", expected_version=screening.version
    )
    return screening.project


REQUEST_ANSWERS: dict[str, Any] = {
    "research_questions": "How many burglaries by ward?",
    "policing_benefit": "Plans patrols.",
    "safe_project": "Approved by the board.",
    "safe_people": "Vetted analysts.",
    "safe_setting": "The analytics platform.",
    "safe_data": "No names.",
    "safe_outputs": "Small numbers suppressed.",
    "fields_needed": "Offence, ward, date.",
    "pseudonymised_sufficient": "yes",
    "pseudonymised_reason": "",
}


def ask(requester: User, project: Project, datasets: list[Dataset], **overrides: Any) -> AccessRequest:
    today = timezone.localdate()
    answers = {**REQUEST_ANSWERS, "start_date": today, "end_date": today + datetime.timedelta(days=90), **overrides}
    return access_request_create(actor=requester, project=project, datasets=datasets, **answers)


def approve(request: AccessRequest, line: Any, actor: User, role: str) -> Any:
    return access_request_decide(request=request, line=line, actor=actor, role=role, decision="approve")


def granted(personas: Any, dataset: Dataset, project: Project) -> Any:
    """An active grant of ``dataset`` to the analyst for ``project``, approved by the owner and the DPO."""
    request = ask(personas.analyst, project, [dataset])
    line = request.lines.get()
    approve(request, line, personas.iao, "asset_owner")
    approve(request, line, personas.dpo, "dpo")
    return request.grants.get()


@pytest.fixture
def own_dataset(personas) -> Dataset:
    return DatasetFactory(information_asset_owner=personas.iao, name="Crime records")


@pytest.fixture
def partner_dataset(personas) -> Dataset:
    """A dataset of the other organisation (Humberside), with its own asset owner."""
    owner = UserFactory(organisation=personas.other_organisation, roles=["Information asset owner"], username="hp_iao")
    return DatasetFactory(information_asset_owner=owner, name="Humberside crime records")


@pytest.fixture
def settled(personas) -> Project:
    return settled_project(personas.analyst, personas.dpo)


def project_of(lead: User) -> Project:
    return ProjectFactory(lead=lead)
