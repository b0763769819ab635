"""Sources that count an organisation's records without ``visible_to`` for the people who read the whole
organisation (``Scope.whole_organisation``) count exactly what ``visible_to`` would give them."""

from __future__ import annotations

from unittest import mock

import pytest

from dashboard.scope import Scope, organisations_for
from dashboard.sources import dpia, ethics
from dashboard.sources import isa as sharing
from dpia.models import Assessment, Screening
from ethics.models import Case
from isa.models import AccessGrant, Agreement, AgreementParty
from tests.dashboard.conftest import TODAY


def _scope(user) -> Scope:
    return Scope(user, user.organisation, TODAY.replace(year=TODAY.year - 1), TODAY, TODAY)


def _through_visible_to(scope: Scope, model, source) -> set[int]:
    """What the source counts when the viewer is treated as any other (``visible_to`` applied)."""
    with mock.patch.object(Scope, "whole_organisation", new_callable=mock.PropertyMock, return_value=False):
        return set(source(scope).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["dpo", "siro", "auditor"])
@pytest.mark.parametrize(
    ("model", "source"),
    [
        (AccessGrant, sharing.grants),
        (Agreement, sharing.agreements),
        (Screening, dpia.screenings),
        (Assessment, dpia.assessments),
        (Case, ethics.cases),
    ],
)
def test_the_shortcut_counts_what_visible_to_gives(personas, world, role, model, source):
    scope = _scope(getattr(personas, role))
    assert scope.whole_organisation
    counted = set(source(scope).values_list("pk", flat=True))
    assert counted, "the world has records of this kind"
    assert counted == _through_visible_to(scope, model, source)


def test_other_viewers_and_partners_go_through_visible_to(personas, world):
    partner = Scope(personas.siro, personas.other_organisation, TODAY, TODAY, TODAY)
    assert not partner.whole_organisation
    assert not _scope(personas.analyst).whole_organisation


def test_the_partners_offered_are_the_parties_to_agreements_beyond_drafts(personas, world):
    offered = set(organisations_for(personas.siro))
    parties = {party.organisation for party in AgreementParty.objects.select_related("organisation")
               if party.agreement.status != "draft" and party.agreement.parties.filter(
                   organisation=personas.organisation).exists()}  # fmt: skip
    assert offered == parties | {personas.organisation}
    assert personas.other_organisation in offered


def test_labels_looked_up_after_counting_are_fetched_only_for_the_bars_that_may_be_shown():
    from dashboard.kinds import TABLE_LIMIT, GroupedFigure

    totals = {str(n): 100 - n for n in range(TABLE_LIMIT)} | {"tie-a": 5, "tie-b": 5, "small": 1}
    # With room for one more than the numbered values, the last place falls on the tie at 5: both may be shown.
    contenders = GroupedFigure._contenders(totals, [], TABLE_LIMIT + 1)
    assert set(contenders) == set(totals) - {"small"}
    assert GroupedFigure._contenders(totals, [], len(totals)) == sorted(totals, key=lambda v: -totals[v])
    assert GroupedFigure._contenders(totals, [], 0) == []
