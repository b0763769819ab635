"""A world of records for the dashboard, built through the services with the clock on a Wednesday:
screenings in every state, an assessment with a high risk, an agreement sharing a dataset with the other
organisation, grants on both sides, an ethics case with open actions, and a past disposal."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from dpia.models import Assessment, RemedialAction, Screening
from dpia.services.assessments import risk_save
from dpia.services.screenings import ActionSpec, screening_decide, screening_return
from ethics.models import Case, CaseAction, Committee
from ethics.services import ActionLine
from governance.actors import system_actor
from governance.models import Dataset, Project
from isa.models import AccessGrant, Agreement
from retention.models import DisposalRecord
from tests.dpia.conftest import submitted
from tests.ethics.conftest import committee, decide, held, submit  # noqa: F401  (committee is a fixture)
from tests.factories import DatasetFactory
from tests.isa.conftest import approve, ask, in_force, settled_project

NOW = datetime.datetime(2026, 11, 18, 10, tzinfo=datetime.UTC)  # a Wednesday
TODAY = datetime.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def dashboard(client: Any, user: Any, **params: Any) -> Any:
    client.force_login(user)
    return client.get(reverse("dashboard:index"), params)


def figure_of(response: Any, key: str) -> Any:
    return response.context["dashboard"].figure(key)


def bars(result: Any) -> dict[str, int]:
    return {bar.label: bar.value for bar in result.bars}


def overdue(screening: Screening, days: int = 3) -> Screening:
    """Move a submitted screening's DPO deadline into the past."""
    Screening.objects.filter(pk=screening.pk).update(due_on=TODAY - datetime.timedelta(days=days))
    screening.refresh_from_db()
    return screening


def decided(screening: Screening, dpo: Any, outcome: str, actions: tuple[ActionSpec, ...] = ()) -> Screening:
    return screening_decide(
        screening=screening,
        actor=dpo,
        outcome=outcome,
        reasons="Decided for the test.",
        expected_version=screening.version,
        actions=actions,
    )


@dataclass
class World:
    dataset: Dataset
    project: Project  # the analyst's, settled (outcome A), with an active grant
    agreement: Agreement  # the home organisation provides ``dataset`` to the other organisation
    grant: AccessGrant  # the analyst's, on the home dataset
    partner_grant: AccessGrant  # the outsider's, on the home dataset, under the agreement
    overdue_review: Screening
    review_soon: Screening
    returned: Screening
    conditional: Screening
    overdue_action: RemedialAction
    open_action: RemedialAction
    assessment: Assessment  # outcome C, with a high risk and no consultation with the ICO
    other_screening: Screening  # the other organisation's, overdue
    case: Case
    case_actions: list[CaseAction]
    disposal: DisposalRecord


@pytest.fixture
def world(personas: Any, committee: Committee) -> World:  # noqa: F811
    home, other = personas.organisation, personas.other_organisation
    dataset = DatasetFactory(information_asset_owner=personas.iao, name="Crime records")
    project = settled_project(personas.analyst, personas.dpo)
    request = ask(personas.analyst, project, [dataset])
    approve(request, request.lines.get(), personas.iao, "asset_owner")
    approve(request, request.lines.get(), personas.dpo, "dpo")
    grant = request.grants.get()

    agreement = in_force(personas.dpo, home, other, [dataset], title="Crime data for the partnership")
    their_project = settled_project(personas.outsider, personas.outsider_dpo)
    theirs = ask(personas.outsider, their_project, [dataset])
    approve(theirs, theirs.lines.get(), personas.iao, "asset_owner")
    approve(theirs, theirs.lines.get(), personas.dpo, "dpo")
    partner_grant = theirs.grants.get()

    overdue_review = overdue(submitted(personas.analyst))
    review_soon = submitted(personas.analyst)  # due 10 working days from today: later than 5
    Screening.objects.filter(pk=review_soon.pk).update(due_on=TODAY + datetime.timedelta(days=2))
    returning = submitted(personas.analyst)
    returned = screening_return(
        screening=returning, actor=personas.dpo, reason="More detail.", expected_version=returning.version
    )
    conditional = decided(
        submitted(personas.analyst),
        personas.dpo,
        "B",
        (
            ActionSpec("Agree the extract.", personas.analyst, TODAY + datetime.timedelta(days=20)),
            ActionSpec("Set a retention period.", personas.analyst, TODAY + datetime.timedelta(days=30)),
        ),
    )
    actions = list(conditional.remedial_actions.order_by("due_on"))
    RemedialAction.objects.filter(pk=actions[0].pk).update(due_on=TODAY - datetime.timedelta(days=1))
    high = decided(submitted(personas.analyst), personas.dpo, "C")
    assessment = high.assessment
    risk_save(
        assessment=assessment,
        actor=personas.analyst,
        description="Re-identification of victims in small areas.",
        source="Data matching",
        likelihood=3,
        severity=3,
    )
    other_screening = overdue(submitted(personas.outsider))

    case = submit(committee, personas.analyst, reference="DAL_2026_0001", project=project)
    meeting, (hearing,) = held(committee, personas.secretary, [case], days_from_now=-30)
    decide(
        hearing,
        personas.secretary,
        "C",
        actions=[
            ActionLine(None, "Report the results back.", "the Lab", TODAY - datetime.timedelta(days=5)),
            ActionLine(None, "Publish the method.", "the Lab", TODAY + datetime.timedelta(days=40)),
            ActionLine(None, "Brief the Chief Constable.", "RE", None),
        ],
    )
    disposal = DisposalRecord.objects.create(
        organisation=home,
        record_type="isa.accessrequest",
        record_id=999,
        label="Access request WMP-AR-2018-0001",
        schedule=_schedule(personas),
        schedule_summary="Access requests: delete 6 years after closure.",
        due_on=TODAY - datetime.timedelta(days=40),
        disposed_at=aware(TODAY - datetime.timedelta(days=30)),
        method="deleted",
        authorised_by=system_actor("retention sweep"),
        authority="Force records policy",
        sha256="a" * 64,
    )
    return World(
        dataset=dataset,
        project=project,
        agreement=agreement,
        grant=grant,
        partner_grant=partner_grant,
        overdue_review=overdue_review,
        review_soon=review_soon,
        returned=returned,
        conditional=conditional,
        overdue_action=RemedialAction.objects.get(pk=actions[0].pk),
        open_action=actions[1],
        assessment=assessment,
        other_screening=other_screening,
        case=case,
        case_actions=list(CaseAction.objects.filter(case=case).order_by("pk")),
        disposal=disposal,
    )


def _schedule(personas: Any) -> Any:
    from retention.services import schedule_create

    return schedule_create(
        actor=personas.dpo,
        record_type="isa.accessrequest",
        name="Access requests: 6 years after closure",
        period_value=6,
        period_unit="years",
        trigger="closed",
        action="delete",
        authority="Force records policy",
    )
