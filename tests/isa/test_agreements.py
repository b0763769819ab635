from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from governance.permissions import holds_object_permission
from governance.workflow import IllegalTransition, ServiceError
from isa.models import AGREEMENT_WORKFLOW, Agreement, AgreementStatus, GrantStatus
from isa.services.agreements import (
    PartySpec,
    agreement_complete_review,
    agreement_create,
    agreement_send_for_signature,
    agreement_sign,
    agreement_terminate,
    agreement_update,
    agreements_roll_forward,
    dataset_cover,
    party_save,
    readiness_problems,
)
from tests.factories import DatasetFactory
from tests.isa.conftest import ask, drafted, in_force, signatory_of, terms


class TestDrafting:
    def test_a_draft_gets_a_reference_and_its_editors_rights(self, personas):
        agreement = agreement_create(actor=personas.dpo, contact_point=personas.siro, **terms())
        assert agreement.reference.startswith("WMP-ISA-")
        assert agreement.version_label == "1.0"
        for person in (personas.dpo, personas.siro):
            assert holds_object_permission(person, agreement, "change")

    def test_a_signatory_must_work_for_the_party(self, personas):
        agreement = agreement_create(actor=personas.dpo, contact_point=personas.dpo, **terms())
        with pytest.raises(ValidationError):
            party_save(
                agreement=agreement,
                actor=personas.dpo,
                spec=PartySpec(personas.other_organisation, "recipient", personas.signatory),
            )

    def test_a_dataset_flows_from_its_owner_to_a_receiving_party(self, personas, partner_dataset):
        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [])
        with pytest.raises(ValidationError, match="must be a providing party"):
            dataset_cover(
                agreement=agreement, actor=personas.dpo, dataset=partner_dataset, recipient=personas.organisation
            )
        own = DatasetFactory(information_asset_owner=personas.iao)
        cover = dataset_cover(
            agreement=agreement, actor=personas.dpo, dataset=own, recipient=personas.other_organisation
        )
        assert (cover.provider, cover.recipient) == (personas.organisation, personas.other_organisation)

    def test_what_stops_a_draft_going_for_signature(self, personas):
        agreement = agreement_create(actor=personas.dpo, contact_point=personas.dpo, **terms())
        assert "An agreement needs at least two parties." in readiness_problems(agreement)
        with pytest.raises(ValidationError):
            agreement_send_for_signature(agreement=agreement, actor=personas.dpo, expected_version=agreement.version)

    def test_dates_are_checked(self, personas):
        with pytest.raises(ValidationError):
            agreement_create(
                actor=personas.dpo, contact_point=personas.dpo, **terms(review_date=datetime.date(2000, 1, 1))
            )


class TestSigning:
    def test_it_is_active_when_every_party_has_signed(self, personas, own_dataset, django_capture_on_commit_callbacks):
        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        with django_capture_on_commit_callbacks(execute=True):
            agreement = agreement_send_for_signature(
                agreement=agreement, actor=personas.dpo, expected_version=agreement.version
            )
        signatories = sorted(address for message in mail.outbox for address in message.to)
        assert signatories == sorted(p.signatory.email for p in agreement.parties.all())
        first, second = agreement.parties.order_by("pk")
        agreement = agreement_sign(agreement=agreement, party=first, actor=first.signatory)
        assert agreement.status == AgreementStatus.AWAITING_SIGNATURES
        agreement = agreement_sign(agreement=agreement, party=second, actor=second.signatory)
        assert agreement.status == AgreementStatus.ACTIVE
        second.refresh_from_db()
        assert (second.signed_by, second.signed_as, second.signed_version) == (second.signatory, "Director", "1.0")

    def test_nobody_signs_for_another_organisation(self, personas, own_dataset):
        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        agreement = agreement_send_for_signature(
            agreement=agreement, actor=personas.dpo, expected_version=agreement.version
        )
        ours, theirs = agreement.parties.order_by("pk")
        with pytest.raises(ServiceError, match="Only"):
            agreement_sign(agreement=agreement, party=theirs, actor=ours.signatory)
        other_signatory = signatory_of(personas.organisation)  # right organisation, not the named signatory
        with pytest.raises(ServiceError):
            agreement_sign(agreement=agreement, party=ours, actor=other_signatory)
        theirs.refresh_from_db()
        assert not theirs.has_signed

    def test_a_party_signs_once(self, personas, own_dataset):
        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        agreement = agreement_send_for_signature(
            agreement=agreement, actor=personas.dpo, expected_version=agreement.version
        )
        party = agreement.parties.first()
        agreement_sign(agreement=agreement, party=party, actor=party.signatory)
        with pytest.raises(IllegalTransition):
            agreement_sign(agreement=agreement, party=party, actor=party.signatory)


class TestChanges:
    def test_an_agreement_recalled_from_signature_returns_to_draft_unsigned(self, personas, own_dataset):
        from isa.services.agreements import agreement_recall

        agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        agreement = agreement_send_for_signature(
            agreement=agreement, actor=personas.dpo, expected_version=agreement.version
        )
        party = agreement.parties.first()
        agreement = agreement_sign(agreement=agreement, party=party, actor=party.signatory)
        agreement = agreement_recall(
            agreement=agreement,
            actor=personas.dpo,
            reason="The VRP asked for a change.",
            expected_version=agreement.version,
        )
        assert agreement.status == AgreementStatus.DRAFT
        assert not agreement.parties.filter(signed_at__isnull=False).exists()
        with pytest.raises(IllegalTransition):
            agreement_recall(
                agreement=agreement, actor=personas.dpo, reason="Again", expected_version=agreement.version
            )

    def test_a_minor_change_keeps_the_signatures(self, personas, own_dataset):
        agreement = in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        agreement = agreement_update(
            agreement=agreement,
            actor=personas.dpo,
            expected_version=agreement.version,
            breach_procedure="Tell the DPO within 12 hours.",
        )
        assert (agreement.status, agreement.version_label) == (AgreementStatus.ACTIVE, "1.1")
        assert all(p.has_signed for p in agreement.parties.all())

    def test_a_major_change_needs_every_signature_again(self, personas, own_dataset):
        agreement = in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        agreement = agreement_update(
            agreement=agreement,
            actor=personas.dpo,
            expected_version=agreement.version,
            major=True,
            purpose="A wider purpose.",
        )
        assert (agreement.status, agreement.version_label) == (AgreementStatus.AWAITING_SIGNATURES, "2.0")
        assert not any(p.has_signed for p in agreement.parties.all())
        for party in agreement.parties.all():
            agreement = agreement_sign(agreement=agreement, party=party, actor=party.signatory)
        assert agreement.status == AgreementStatus.ACTIVE
        assert set(agreement.parties.values_list("signed_version", flat=True)) == {"2.0"}

    def test_parties_change_only_in_a_draft(self, personas, own_dataset):
        agreement = in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        with pytest.raises(IllegalTransition):
            party_save(agreement=agreement, actor=personas.dpo, spec=PartySpec(personas.organisation, "joint"))


def grant_on(personas, agreement, dataset):
    from isa.services.requests import access_request_decide
    from tests.isa.conftest import settled_project

    project = settled_project(personas.analyst, personas.dpo)
    request = ask(personas.analyst, project, [dataset])
    line = request.lines.get()
    owner = dataset.information_asset_owner
    access_request_decide(request=request, line=line, actor=owner, role="asset_owner", decision="approve")
    line.refresh_from_db()
    if line.status == "pending":
        from tests.factories import UserFactory

        their_dpo = UserFactory(organisation=dataset.organisation, roles=["Data Protection Officer"])
        access_request_decide(request=request, line=line, actor=their_dpo, role="dpo", decision="approve")
    return request.grants.get()


class TestEnding:
    def test_terminating_suspends_the_grants_resting_on_it(
        self, personas, partner_dataset, django_capture_on_commit_callbacks
    ):
        agreement = in_force(
            personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset]
        )
        access = grant_on(personas, agreement, partner_dataset)
        assert access.agreement == agreement
        assert holds_object_permission(personas.analyst, partner_dataset, "view")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            agreement_terminate(
                agreement=agreement,
                actor=personas.outsider_dpo,
                reason="Partnership ended",
                expected_version=agreement.version,
            )
        access.refresh_from_db()
        assert access.status == GrantStatus.SUSPENDED
        assert "terminated: Partnership ended" in access.ended_reason
        assert not holds_object_permission(personas.analyst, partner_dataset, "view")
        assert sorted(mail.outbox[0].to) == sorted(
            [personas.analyst.email, partner_dataset.information_asset_owner.email]
        )

    def test_the_daily_run_expires_agreements_and_marks_reviews_due(self, personas, partner_dataset):
        expiring = in_force(
            personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset]
        )
        access = grant_on(personas, expiring, partner_dataset)
        reviewing = in_force(
            personas.dpo,
            personas.organisation,
            personas.other_organisation,
            [DatasetFactory(information_asset_owner=personas.iao)],
        )
        Agreement.objects.filter(pk=expiring.pk).update(end_date=datetime.date.today() - datetime.timedelta(days=1))
        Agreement.objects.filter(pk=reviewing.pk).update(review_date=datetime.date.today())
        counts = agreements_roll_forward(today=datetime.date.today(), actor=personas.dpo)
        assert counts == {"expired": 1, "review_due": 1}
        expiring.refresh_from_db()
        reviewing.refresh_from_db()
        access.refresh_from_db()
        assert (expiring.status, reviewing.status, access.status) == ("expired", "review_due", "suspended")
        assert agreements_roll_forward(today=datetime.date.today(), actor=personas.dpo) == {
            "expired": 0,
            "review_due": 0,
        }

    def test_completing_the_review_returns_it_to_active(self, personas, own_dataset):
        agreement = in_force(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
        Agreement.objects.filter(pk=agreement.pk).update(status="review_due")
        agreement.refresh_from_db()
        agreement = agreement_complete_review(
            agreement=agreement,
            actor=personas.dpo,
            next_review=datetime.date.today() + datetime.timedelta(days=365),
            note="Still needed.",
            expected_version=agreement.version,
        )
        assert (agreement.status, agreement.version_label) == ("active", "1.1")

    def test_a_replacement_supersedes_it_moving_grants_for_datasets_it_still_covers(self, personas):
        from tests.factories import UserFactory

        owner = UserFactory(organisation=personas.other_organisation, roles=["Information asset owner"])
        kept, dropped = DatasetFactory(information_asset_owner=owner), DatasetFactory(information_asset_owner=owner)
        old = in_force(personas.outsider_dpo, personas.other_organisation, personas.organisation, [kept, dropped])
        kept_grant, dropped_grant = grant_on(personas, old, kept), grant_on(personas, old, dropped)
        new = in_force(personas.outsider_dpo, personas.other_organisation, personas.organisation, [kept], replaces=old)
        old.refresh_from_db()
        kept_grant.refresh_from_db()
        dropped_grant.refresh_from_db()
        assert old.status == AgreementStatus.SUPERSEDED
        assert (kept_grant.status, kept_grant.agreement) == ("active", new)
        assert dropped_grant.status == "suspended"
        assert "does not cover this dataset" in dropped_grant.ended_reason


ALL = list(AgreementStatus)
PAIRS = [(a, b) for a in ALL for b in ALL if a != b]


def _move(agreement, personas, target):
    actor = personas.dpo
    if target == AgreementStatus.AWAITING_SIGNATURES:
        if agreement.status == AgreementStatus.DRAFT:
            return agreement_send_for_signature(agreement=agreement, actor=actor, expected_version=agreement.version)
        return agreement_update(
            agreement=agreement, actor=actor, expected_version=agreement.version, major=True, purpose="Changed"
        )
    if target == AgreementStatus.ACTIVE:
        if agreement.status == AgreementStatus.REVIEW_DUE:
            return agreement_complete_review(
                agreement=agreement,
                actor=actor,
                expected_version=agreement.version,
                next_review=datetime.date.today() + datetime.timedelta(days=90),
                note="Ok",
            )
        for party in agreement.parties.all():
            agreement = agreement_sign(agreement=agreement, party=party, actor=party.signatory)
        if agreement.status != AgreementStatus.ACTIVE:
            raise IllegalTransition("not signed")
        return agreement
    if target == AgreementStatus.TERMINATED:
        return agreement_terminate(agreement=agreement, actor=actor, reason="Ended", expected_version=agreement.version)
    if target in (AgreementStatus.EXPIRED, AgreementStatus.REVIEW_DUE):
        field = "end_date" if target == AgreementStatus.EXPIRED else "review_date"
        Agreement.objects.filter(pk=agreement.pk).update(**{field: datetime.date.today() - datetime.timedelta(days=1)})
        agreements_roll_forward(today=datetime.date.today(), actor=actor)
        agreement.refresh_from_db()
        if agreement.status != target:
            raise IllegalTransition("the daily run left it alone")
        return agreement
    raise AssertionError(f"no service moves an agreement to {target}")


# Supersession (by a replacement) and the return to draft have tests of their own above.
MOVES = [p for p in PAIRS if p[1] not in (AgreementStatus.SUPERSEDED, AgreementStatus.DRAFT)]


@pytest.mark.parametrize(("current", "target"), MOVES, ids=[f"{a}->{b}" for a, b in MOVES])
def test_every_move_follows_the_table(personas, own_dataset, current, target):
    agreement = drafted(personas.dpo, personas.organisation, personas.other_organisation, [own_dataset])
    if current != AgreementStatus.DRAFT:
        Agreement.objects.filter(pk=agreement.pk).update(
            status=current, end_date=None, review_date=datetime.date.today() + datetime.timedelta(days=30)
        )
        agreement.refresh_from_db()
    if AGREEMENT_WORKFLOW.can_move(current, target):
        assert _move(agreement, personas, target).status == target
    else:
        with pytest.raises((IllegalTransition, ValidationError)):
            _move(agreement, personas, target)
        agreement.refresh_from_db()
        assert agreement.status == current
