"""The four prerequisite checks, table-driven, with their edge cases."""

from __future__ import annotations

import datetime

import pytest

from dpia.models import Screening
from dpia.services.screenings import (
    ActionSpec,
    remedial_action_complete,
    screening_decide,
    screening_reopen,
)
from isa.prerequisites import evaluate, screening_is_settled, separate_duties, sharing_is_covered
from isa.services.agreements import agreement_terminate
from tests.dpia.conftest import start, submitted
from tests.isa.conftest import ask, drafted, in_force, settled_project


def check(result):
    return result.passed, result.reason


class TestSharingIsCovered:
    def test_the_organisations_own_dataset_passes(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        assert check(sharing_is_covered(request)) == (True, "Crime records is held by your own organisation.")

    def test_a_partners_dataset_without_an_agreement_fails(self, personas, partner_dataset, settled):
        request = ask(personas.analyst, settled, [partner_dataset])
        passed, reason = check(sharing_is_covered(request))
        assert not passed
        assert "No agreement in force lists Humberside Police as provider of Humberside crime records" in reason

    def test_an_agreement_in_force_covering_it_passes(self, personas, partner_dataset, settled):
        agreement = in_force(
            personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset]
        )
        request = ask(personas.analyst, settled, [partner_dataset])
        passed, reason = check(sharing_is_covered(request))
        assert passed and agreement.reference in reason

    @pytest.mark.parametrize("state", ["terminated", "draft", "awaiting", "expired"])
    def test_an_agreement_not_in_force_does_not_count(self, personas, partner_dataset, settled, state):
        if state == "draft":
            drafted(personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset])
        else:
            agreement = in_force(
                personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset]
            )
            if state == "terminated":
                agreement_terminate(
                    agreement=agreement, actor=personas.outsider_dpo, reason="Ended", expected_version=agreement.version
                )
            elif state == "awaiting":
                type(agreement).objects.filter(pk=agreement.pk).update(status="awaiting_signatures")
            else:
                type(agreement).objects.filter(pk=agreement.pk).update(status="expired")
        request = ask(personas.analyst, settled, [partner_dataset])
        assert not sharing_is_covered(request).passed

    def test_the_direction_matters(self, personas, partner_dataset, settled):
        """An agreement in which the requester's organisation provides, not receives, does not cover it."""
        from tests.factories import DatasetFactory

        theirs = DatasetFactory(information_asset_owner=personas.iao)
        in_force(personas.dpo, personas.organisation, personas.other_organisation, [theirs])
        request = ask(personas.analyst, settled, [partner_dataset])
        assert not sharing_is_covered(request).passed

    def test_every_dataset_must_be_covered(self, personas, own_dataset, partner_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset, partner_dataset])
        passed, reason = check(sharing_is_covered(request))
        assert not passed
        assert "held by your own organisation" in reason and "No agreement in force" in reason


def decided(personas, outcome, actions=()):
    screening = submitted(personas.analyst)
    return screening_decide(
        screening=screening,
        actor=personas.dpo,
        outcome=outcome,
        reasons="Why.",
        expected_version=screening.version,
        actions=actions,
    )


class TestScreeningIsSettled:
    def test_no_screening_fails(self, personas, own_dataset):
        from tests.factories import ProjectFactory

        request = ask(personas.analyst, ProjectFactory(lead=personas.analyst), [own_dataset])
        assert check(screening_is_settled(request))[1].startswith("The project has no DPIA screening")

    @pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
    def test_an_undecided_screening_fails(self, personas, own_dataset, state):
        screening = start(personas.analyst) if state == "draft" else submitted(personas.analyst)
        if state == "returned":
            Screening.objects.filter(pk=screening.pk).update(status="returned")
        request = ask(personas.analyst, screening.project, [own_dataset])
        assert not screening_is_settled(request).passed

    def test_outcome_a_passes(self, personas, own_dataset):
        screening = decided(personas, "A")
        assert screening_is_settled(ask(personas.analyst, screening.project, [own_dataset])).passed

    def test_b_with_one_action_open_fails_and_passes_once_all_are_done(self, personas, own_dataset):
        due = datetime.date.today() + datetime.timedelta(days=10)
        screening = decided(
            personas, "B", [ActionSpec("One", personas.analyst, due), ActionSpec("Two", personas.analyst, due)]
        )
        request = ask(personas.analyst, screening.project, [own_dataset])
        first, second = screening.remedial_actions.order_by("pk")
        remedial_action_complete(action=first, actor=personas.analyst, note="Done")
        assert check(screening_is_settled(request)) == (
            False,
            f"{screening.reference} has outcome B with 1 remedial action still open.",
        )
        remedial_action_complete(action=second, actor=personas.analyst, note="Done")
        assert screening_is_settled(request).passed

    def test_c_passes_only_with_the_assessment_signed_off(self, personas, own_dataset):
        screening = decided(personas, "C")
        request = ask(personas.analyst, screening.project, [own_dataset])
        assert "not signed off" in screening_is_settled(request).reason
        type(screening.assessment).objects.filter(pk=screening.assessment.pk).update(status="signed_off")
        assert screening_is_settled(request).passed

    def test_a_reopened_screening_fails(self, personas, own_dataset):
        screening = decided(personas, "A")
        screening_reopen(
            screening=screening, actor=personas.analyst, reason="Changed", expected_version=screening.version
        )
        assert not screening_is_settled(ask(personas.analyst, screening.project, [own_dataset])).passed

    def test_the_latest_screening_counts(self, personas, own_dataset):
        screening = decided(personas, "A")
        from dpia.services.screenings import screening_start

        screening_start(project=screening.project, actor=personas.analyst)  # a newer draft
        assert not screening_is_settled(ask(personas.analyst, screening.project, [own_dataset])).passed


class TestSeparationOfDuties:
    def test_the_requester_cannot_approve(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        assert not separate_duties(request, personas.analyst).passed
        assert separate_duties(request, personas.iao).passed

    def test_a_requester_who_owns_the_dataset_is_flagged(self, personas, settled):
        from tests.factories import DatasetFactory

        owned = DatasetFactory(information_asset_owner=personas.iao)
        request = ask(personas.iao, settled_project(personas.iao, personas.dpo), [owned])
        assert not separate_duties(request).passed


def test_all_checks_are_listed_in_order(personas, own_dataset, settled):
    names = [result.name for result in evaluate(ask(personas.analyst, settled, [own_dataset]))]
    assert names[0] == "The sharing is covered by an agreement"
    assert names[1] == "The project's DPIA screening is settled"
    assert names[-2:] == ["The requester is not the approver", "The requester's data protection training is in date"]
