"""The organisation and period filters: what they change, and a clear message (never a 500) for a value
that cannot be used."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from dpia.models import Screening
from tests.dashboard.conftest import aware, dashboard, figure_of
from tests.factories import OrganisationFactory
from tests.isa.conftest import drafted


def totals(response) -> dict[str, int]:
    return {r.key: r.total for panel in response.context["dashboard"].panels for r in panel.figures}


class TestThePeriod:
    def test_it_is_the_last_twelve_months_unless_chosen(self, client, personas, world):
        response = dashboard(client, personas.siro)
        scope = response.context["dashboard"].scope
        assert (scope.date_from.isoformat(), scope.date_to.isoformat()) == ("2025-11-19", "2026-11-18")
        assert 'value="2025-11-19"' in response.text and 'value="2026-11-18"' in response.text
        assert "from 19 November 2025 to 18 November 2026" in response.text

    def test_it_counts_what_happened_in_it_and_leaves_the_rest_as_they_stand(self, client, personas, world):
        Screening.objects.filter(pk=world.returned.pk).update(created_at=aware(datetime.date(2024, 3, 1)))
        default = totals(dashboard(client, personas.siro))
        wider = dashboard(client, personas.siro, **{"from": "2024-01-01"})
        assert totals(wider)["screenings-by-status"] == default["screenings-by-status"] + 1
        earlier = totals(dashboard(client, personas.siro, **{"from": "2024-01-01", "to": "2024-12-31"}))
        assert earlier["screenings-by-status"] == 1
        assert earlier["disposals-done"] == 0 and earlier["ethics-advice"] == 0
        # Figures as things stand today do not move with the period.
        for key in ("dpo-reviews", "active-grants", "agreements-by-status", "ethics-actions", "holds-in-force"):
            assert earlier[key] == default[key], key

    def test_its_lists_follow_it(self, client, personas, world):
        Screening.objects.filter(pk=world.returned.pk).update(created_at=aware(datetime.date(2024, 3, 1)))
        response = dashboard(client, personas.siro, **{"from": "2024-01-01", "to": "2024-12-31"})
        result = figure_of(response, "screenings-by-status")
        assert "from=2024-01-01" in result.url and "to=2024-12-31" in result.url
        listed = client.get(result.url)
        assert listed.context["page"].paginator.count == 1
        assert "The period: 1 January 2024 to 31 December 2024." in listed.text


class TestTheOrganisation:
    def test_the_choice_is_our_organisation_and_those_we_share_with(self, client, personas, world):
        OrganisationFactory(name="Unrelated Council", short_code="UC")
        not_yet = OrganisationFactory(name="Draft Partner", short_code="DP")
        drafted(personas.dpo, personas.organisation, not_yet, [])  # a draft shares nothing yet
        choices = dashboard(client, personas.siro).context["form"].fields["organisation"].choices
        assert [label for _, label in choices] == ["Humberside Police", "West Midlands Police (yours)"]

    def test_a_partner_shows_what_we_share_with_it_and_nothing_of_its_own(self, client, personas, world):
        response = dashboard(client, personas.siro, organisation=personas.other_organisation.pk)
        assert response.status_code == 200
        figures = totals(response)
        assert figures["agreements-by-status"] == 1  # the agreement we share with it
        assert figures["active-grants"] == 1  # its analyst's grant on our dataset
        grant = figure_of(response, "active-grants")
        assert grant.series == ["Humberside Police"]
        # Its screenings exist (one overdue) but are not ours to see.
        assert Screening.objects.filter(organisation=personas.other_organisation).exists()
        assert figures["screenings-by-status"] == 0 and figures["dpo-reviews"] == 0
        board = response.context["dashboard"]
        retention = next(panel for panel in board.panels if panel.key == "retention")
        assert retention.figures == [] and "own organisation only" in retention.note
        checks = {entry.title: entry for entry in board.exceptions}
        assert checks["Disposal confirmations overdue"].note == "Checked for your own organisation only."
        assert checks["DPO reviews overdue"].figure.total == 0

    def test_a_retention_list_for_a_partner_says_why_it_is_not_shown(self, client, personas, world):
        client.force_login(personas.siro)
        url = reverse("dashboard:figure_list", args=["disposals-done"])
        response = client.get(url, {"organisation": personas.other_organisation.pk})
        assert response.status_code == 400
        assert "is shown for your own organisation only" in response.text

    @pytest.mark.parametrize("value", ["abc", "99999", "-1", "1.5"])
    def test_one_that_is_not_ours_to_choose_is_refused_with_a_message(self, client, personas, world, value):
        stranger = OrganisationFactory(name="Unrelated Council", short_code="UC")
        for chosen in (value, str(stranger.pk)):
            response = dashboard(client, personas.siro, organisation=chosen)
            assert response.status_code == 400
            assert "Choose an organisation from the list" in response.text
            assert response.context["dashboard"] is None
            assert "Unrelated Council" not in response.text


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"from": "2026-13-45"}, "Enter the start of the period as a real date, for example 2026-01-31"),
            ({"to": "yesterday"}, "Enter the end of the period as a real date, for example 2026-12-31"),
            ({"from": "2026-06-01", "to": "2026-01-01"}, "The end of the period must be on or after its start"),
            ({"from": "1066-10-14"}, "The period must start on or after 1 January 2000"),
            ({"from": "99999-01-01"}, "Enter the start of the period as a real date"),
            ({"to": "\x00"}, "Enter the end of the period as a real date"),
        ],
    )
    def test_the_dashboard_says_what_is_wrong(self, client, personas, world, params, message):
        response = dashboard(client, personas.siro, **params)
        assert response.status_code == 400
        assert message in response.text
        assert "There is a problem" in response.text and response.context["dashboard"] is None
        listed = client.get(reverse("dashboard:figure_list", args=["dpo-reviews"]), params)
        assert listed.status_code == 400 and message in listed.text

    @pytest.mark.parametrize(
        ("key", "params", "message"),
        [
            ("dpo-reviews", {"value": "someday"}, "“someday” is not one of the parts of “DPO reviews waiting”."),
            ("dpo-reviews", {"series": "x"}, "“DPO reviews waiting” has no series to choose from."),
            ("active-grants", {"value": "crime"}, "“crime” is not one of the parts of “Active access grants"),
            ("active-grants", {"value": "1", "series": "x"}, "“x” is not one of the parts"),
            ("screenings-by-status", {"value": "lost"}, "“lost” is not one of the parts of “Screenings by status”."),
            ("screenings-by-status", {"series": "A"}, "has no series to choose from"),
            ("overdue-dpo-reviews", {"value": "1"}, "is one number: it has no parts to choose from"),
            ("disposals-due", {"value": "soonish"}, "“soonish” is not one of the parts of “Disposals due”."),
        ],
    )
    def test_a_list_says_what_is_wrong_with_its_value(self, client, personas, world, key, params, message):
        client.force_login(personas.siro)
        response = client.get(reverse("dashboard:figure_list", args=[key]), params)
        assert response.status_code == 400
        assert message in response.text
        csv = client.get(reverse("dashboard:figure_csv", args=[key]), params)
        assert csv.status_code == 400 and message in csv.text

    def test_an_unknown_figure_is_not_found(self, client, personas):
        client.force_login(personas.siro)
        assert client.get(reverse("dashboard:figure_list", args=["no-such-figure"])).status_code == 404

    @pytest.mark.parametrize("page", ["abc", "0", "999", "-3"])
    def test_any_page_number_shows_a_page(self, client, personas, world, page):
        client.force_login(personas.siro)
        response = client.get(reverse("dashboard:figure_list", args=["dpo-reviews"]), {"page": page})
        assert response.status_code == 200 and len(response.context["rows"]) == 2
