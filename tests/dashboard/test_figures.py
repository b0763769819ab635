"""The dashboard's figures equal counts worked out here, independently, from the same records: for the
SIRO, DPO and auditor of the home organisation, and for the other organisation's DPO, each seeing only
their own organisation's figures."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest

from breaches.models import OPEN, UNDECIDED, Breach
from dashboard.scope import default_period
from dpia.models import Assessment, RemedialAction, Screening
from dpia.services.assessments import residual_level
from ethics.models import Case, CaseAction, Hearing
from governance.models import Organisation
from governance.workdays import add_working_days
from isa.models import AccessGrant, AccessRequest, Agreement
from retention.models import DisposalConfirmation, DisposalRecord, LegalHold
from retention.registry import type_choices
from retention.views import due_soon
from tests.dashboard.conftest import TODAY, aware, dashboard

OUTCOMES = {
    "A": "A: a DPIA is not mandatory",
    "B": "B: not required once remedial actions are done",
    "C": "C: a DPIA is mandatory",
}
OPTIONS = {
    "A": "A: Proceed as proposed",
    "B": "B: Proceed with minor amendments",
    "C": "C: Proceed with major amendments",
    "D": "D: Do not proceed",
    "E": "E: Not yet able to advise",
}


def _nonzero(counter: Counter[str]) -> dict[str, int]:
    return {label: count for label, count in counter.items() if count}


def _by_due(dates: list[datetime.date | None], labels: tuple[str, str, str], soon_days: int = 5) -> dict[str, int]:
    soon = add_working_days(TODAY, soon_days)
    counts: Counter[str] = Counter()
    for due in dates:
        if due is not None and due < TODAY:
            counts[labels[0]] += 1
        elif due is not None and due <= soon:
            counts[labels[1]] += 1
        else:
            counts[labels[2]] += 1
    return _nonzero(counts)


def expected(organisation: Organisation, *, retention: bool = True) -> dict[str, Any]:
    """Every figure for a reader of ``organisation`` (its SIRO, DPO or auditor), counted from the models."""
    start, end = default_period(TODAY)
    screenings = [s for s in Screening.objects.filter(organisation=organisation) if s.status != "draft"]
    waiting = [s for s in screenings if s.status in ("submitted", "in_review")]
    actions = RemedialAction.objects.filter(
        screening__organisation=organisation, screening__status="conditional", done_at__isnull=True
    )
    high = []
    for assessment in Assessment.objects.filter(organisation=organisation):
        if any(residual_level(risk) == "high" for risk in assessment.risks.all()):
            high.append("No prior consultation with the ICO" if not assessment.consultations.exists() else "other")
    agreements = [
        a for a in Agreement.objects.all()
        if a.organisation_id == organisation.pk or a.parties.filter(organisation=organisation).exists()
    ]  # fmt: skip
    in_force = [a for a in agreements if a.status in ("active", "review_due")]
    reviews: Counter[str] = Counter()
    for a in in_force:
        days = (a.review_date - TODAY).days
        label = ("Review date passed" if days < 0 else "In the next 30 days" if days <= 30
                 else "In 31 to 60 days" if days <= 60 else "In 61 to 90 days" if days <= 90 else None)  # fmt: skip
        if label:
            reviews[label] += 1
    grants = [
        g for g in AccessGrant.objects.filter(status="active")
        if g.dataset.organisation_id == organisation.pk or g.user.organisation_id == organisation.pk
    ]  # fmt: skip
    expiring: Counter[str] = Counter()
    for g in grants:
        days = (g.expires_on - TODAY).days
        label = ("Past their expiry date but still active" if days < 0 else "In the next 7 days" if days <= 7
                 else "In 8 to 30 days" if days <= 30 else None)  # fmt: skip
        if label:
            expiring[label] += 1
    cases = list(Case.objects.filter(organisation=organisation))
    open_actions = CaseAction.objects.filter(case__organisation=organisation, done_at__isnull=True)
    action_counts: Counter[str] = Counter()
    for action in open_actions:
        action_counts[
            "No due date" if action.due_on is None else "Overdue" if action.due_on < TODAY else "Due later"
        ] += 1
    hearings = Hearing.objects.filter(case__organisation=organisation, meeting__date__range=(start, end))
    kinds = dict(type_choices())
    figures: dict[str, Any] = {
        "screenings-by-status": _nonzero(
            Counter(s.get_status_display() for s in screenings if start <= s.created_at.date() <= end)
        ),
        "screenings-by-outcome": _nonzero(
            Counter(
                OUTCOMES[s.outcome] for s in screenings if s.outcome and s.decided_on and start <= s.decided_on <= end
            )
        ),
        "dpo-reviews": _by_due([s.due_on for s in waiting], ("Overdue", "Due in the next 5 working days", "Due later")),
        "remedial-actions": _by_due(
            [a.due_on for a in actions], ("Overdue", "Due in the next 5 working days", "Due later")
        ),
        "residual-high-risk": _nonzero(Counter(high)),
        "agreements-by-status": _nonzero(Counter(a.get_status_display() for a in agreements)),
        "agreement-reviews": _nonzero(reviews),
        "active-grants": _nonzero(Counter(g.dataset.name for g in grants)),
        "grants-expiring": _nonzero(expiring),
        "ethics-awaiting-information": sum(1 for c in cases if c.status == "more_information"),
        "ethics-cases": _nonzero(Counter(c.get_status_display() for c in cases)),
        "ethics-advice": _nonzero(Counter(OPTIONS[h.option] for h in hearings if h.option)),
        "ethics-actions": _nonzero(action_counts),
        # The breach register's panel (no breaches in this world).
        "breaches-open": _nonzero(
            Counter(b.get_status_display() for b in Breach.objects.filter(organisation=organisation, status__in=OPEN))
        ),
        "breaches-ico-clocks": _nonzero(
            Counter(
                "Overdue: more than 72 hours"
                if clock.overdue
                else "Due within 24 hours"
                if clock.due_soon
                else "More than 24 hours left"
                for clock in (
                    b.ico_clock() for b in Breach.objects.filter(organisation=organisation, status__in=UNDECIDED)
                )
            )
        ),
    }
    if retention:
        figures |= {
            "holds-in-force": LegalHold.objects.filter(organisation=organisation, released_at__isnull=True).count(),
            "confirmations-open": DisposalConfirmation.objects.filter(organisation=organisation, status="open").count(),
            "disposals-done": _nonzero(
                Counter(
                    kinds[d.record_type]
                    for d in DisposalRecord.objects.filter(organisation=organisation)
                    if start <= d.disposed_at.date() <= end
                )
            ),
            # The retention page's own list of what is due in the next 30 days.
            "disposals-due-total": len(due_soon(organisation.pk, TODAY)[0]),
        }
    return figures


def shown(response: Any) -> dict[str, Any]:
    """The dashboard's figures as the page was given them: numbers, or the non-zero bars."""
    figures: dict[str, Any] = {}
    for panel in response.context["dashboard"].panels:
        for result in panel.figures:
            if result.kind == "number":
                figures[result.key] = result.total
            else:
                figures[result.key] = {bar.label: bar.value for bar in result.bars if bar.value}
            if result.key == "disposals-due":
                figures["disposals-due-total"] = result.total
                del figures["disposals-due"]
    return figures


@pytest.fixture
def due_request(world):
    """The analyst's request, closed six years and eight days ago: past its date under the schedule."""
    AccessRequest.objects.filter(pk=world.grant.request_id).update(decided_at=aware(datetime.date(2020, 11, 10)))


class TestEachReaderSeesTheirOrganisationsFigures:
    @pytest.mark.parametrize("persona", ["siro", "dpo"])
    def test_the_siro_and_dpo_see_every_panel(self, client, personas, world, due_request, persona):
        response = dashboard(client, getattr(personas, persona))
        assert response.status_code == 200
        figures = shown(response)
        assert figures == expected(personas.organisation)
        # Every panel has something to count in this world.
        assert figures["disposals-due-total"] == 1 and figures["disposals-done"] == {"Access requests": 1}
        assert figures["residual-high-risk"] == {"No prior consultation with the ICO": 1}
        assert figures["ethics-actions"] == {"Overdue": 1, "Due later": 1, "No due date": 1}

    def test_the_auditor_sees_all_but_retention(self, client, personas, world, due_request):
        response = dashboard(client, personas.auditor)
        assert shown(response) == expected(personas.organisation, retention=False)
        titles = [panel.title for panel in response.context["dashboard"].panels]
        assert "Retention and disposal" not in titles
        keys = [e.figure.key for e in response.context["dashboard"].exceptions if e.figure]
        assert "overdue-disposal-confirmations" not in keys

    def test_the_other_organisations_dpo_sees_theirs_not_ours(self, client, personas, world):
        response = dashboard(client, personas.outsider_dpo)
        figures = shown(response)
        assert figures == expected(personas.other_organisation)
        # Their overdue screening is theirs alone; ours is not counted, nor our retention or ethics.
        assert figures["dpo-reviews"] == {"Overdue": 1}
        assert figures["disposals-done"] == {} and figures["ethics-actions"] == {}
        # The grant to their analyst on our dataset is theirs to see too.
        assert figures["active-grants"] == {"Crime records": 1}

    def test_the_home_siro_does_not_count_the_other_organisations_records(self, client, personas, world):
        figures = shown(dashboard(client, personas.siro))
        assert figures["dpo-reviews"] == {"Overdue": 1, "Due in the next 5 working days": 1}
        assert figures["screenings-by-status"]["Submitted"] == 2

    def test_the_numbers_in_the_tables_and_charts_agree(self, client, personas, world):
        response = dashboard(client, personas.siro)
        page = response.text
        result = response.context["dashboard"].figure("dpo-reviews")
        assert result.total == sum(bar.value for bar in result.bars) == 2
        assert "Overdue: 1; Due in the next 5 working days: 1; Due later: 0. 2 screenings in all." in page
