"""Who sees the dashboard: the SIRO, DPO and auditors of an organisation; everyone else gets 404, as for
the retention pages (and auditors, who do not see retention, do not see its figures either)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dashboard.figures import build
from tests.dashboard.conftest import TODAY
from tests.factories import OrganisationFactory

PAGES = [
    ("dashboard:index", []),
    ("dashboard:figure_list", ["dpo-reviews"]),
    ("dashboard:figure_csv", ["overdue-dpo-reviews"]),
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("siro", 200),
        ("dpo", 200),
        ("auditor", 200),
        ("outsider_dpo", 200),
        ("analyst", 404),
        ("colleague", 404),
        ("iao", 404),
        ("secretary", 404),
        ("member", 404),
        ("signatory", 404),
        ("outsider", 404),
    ],
)
def test_the_dashboard_and_its_lists(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    for name, args in PAGES:
        assert client.get(reverse(name, args=args)).status_code == status, name


def test_signing_in_comes_first(client, db):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("persona", "shown"), [("siro", True), ("auditor", True), ("analyst", False)])
def test_the_menu_shows_it_to_those_who_may_see_it(client, personas, persona, shown):
    client.force_login(getattr(personas, persona))
    page = client.get(reverse("home")).text
    assert (f'href="{reverse("dashboard:index")}"' in page) is shown


@pytest.mark.parametrize("key", ["disposals-done", "disposals-due", "holds-in-force", "overdue-disposal-confirmations"])
def test_auditors_do_not_see_retention_lists(client, personas, key):
    client.force_login(personas.auditor)
    assert client.get(reverse("dashboard:figure_list", args=[key])).status_code == 404
    client.force_login(personas.siro)
    assert client.get(reverse("dashboard:figure_list", args=[key])).status_code == 200


class TestBuild:
    """``build`` is what an audit pack calls: it refuses what the page would refuse."""

    def test_it_gives_the_figures_for_a_reader_of_the_organisation(self, personas, world):
        board = build(personas.siro, personas.organisation, datetime.date(2026, 1, 1), TODAY, today=TODAY)
        assert board.figure("dpo-reviews").total == 2
        assert board.exception_count == 3
        partner = build(personas.siro, personas.other_organisation, datetime.date(2026, 1, 1), TODAY, today=TODAY)
        assert partner.figure("active-grants").total == 1

    @pytest.mark.parametrize("persona", ["analyst", "iao", "outsider"])
    def test_it_refuses_anyone_else(self, personas, persona):
        with pytest.raises(PermissionDenied):
            build(getattr(personas, persona), personas.organisation, TODAY, TODAY)

    def test_it_refuses_an_organisation_that_is_not_a_partner(self, personas):
        stranger = OrganisationFactory(name="Unrelated Council", short_code="UC")
        with pytest.raises(PermissionDenied):
            build(personas.siro, stranger, TODAY, TODAY)
        with pytest.raises(PermissionDenied):
            build(personas.outsider_dpo, personas.organisation, TODAY, TODAY)

    def test_it_refuses_a_period_that_ends_before_it_starts(self, personas):
        with pytest.raises(ValueError, match="start on or before"):
            build(personas.siro, personas.organisation, TODAY, TODAY - datetime.timedelta(days=1))
