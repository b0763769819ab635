from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from dpia.services.screenings import screening_reopen
from governance.permissions import holds_object_permission
from governance.workflow import IllegalTransition, ServiceError
from isa.models import GrantStatus, LineStatus, RequestStatus
from isa.services.grants import grant_revoke
from isa.services.requests import (
    access_request_ask,
    access_request_decide,
    access_request_resubmit,
    access_request_withdraw,
)
from tests.factories import DatasetFactory
from tests.isa.conftest import approve, ask, granted, in_force


class TestAsking:
    def test_access_is_limited_to_twelve_months(self, personas, own_dataset, settled):
        start = datetime.date.today()
        with pytest.raises(ValidationError) as error:
            ask(
                personas.analyst,
                settled,
                [own_dataset],
                start_date=start,
                end_date=start + datetime.timedelta(days=400),
            )
        assert "no more than 12 months" in str(error.value)

    def test_identifiable_data_must_be_justified(self, personas, own_dataset, settled):
        with pytest.raises(ValidationError):
            ask(personas.analyst, settled, [own_dataset], pseudonymised_sufficient="no", pseudonymised_reason="")

    def test_the_approvers_are_told(self, personas, own_dataset, settled, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            request = ask(personas.analyst, settled, [own_dataset])
        assert request.reference in mail.outbox[0].subject
        assert set(mail.outbox[0].to) == {personas.iao.email, personas.dpo.email}


class TestDeciding:
    def test_personal_data_needs_the_asset_owner_and_the_dpo(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        approve(request, line, personas.iao, "asset_owner")
        line.refresh_from_db()
        assert line.status == LineStatus.PENDING
        assert not request.grants.exists()
        approve(request, line, personas.dpo, "dpo")
        line.refresh_from_db()
        request.refresh_from_db()
        assert (line.status, request.status) == (LineStatus.APPROVED, RequestStatus.APPROVED)
        access = request.grants.get()
        assert (access.user, access.dataset, access.expires_on) == (personas.analyst, own_dataset, request.end_date)
        assert access.agreement is None
        assert holds_object_permission(personas.analyst, own_dataset, "view")

    def test_a_dataset_without_personal_data_needs_only_its_owner(self, personas, settled):
        aggregates = DatasetFactory(information_asset_owner=personas.iao, personal_data_categories=[])
        request = ask(personas.analyst, settled, [aggregates])
        approve(request, request.lines.get(), personas.iao, "asset_owner")
        request.refresh_from_db()
        assert request.status == RequestStatus.APPROVED

    def test_nobody_approves_while_a_check_fails(self, personas, own_dataset):
        from tests.factories import ProjectFactory

        request = ask(personas.analyst, ProjectFactory(lead=personas.analyst), [own_dataset])
        with pytest.raises(ValidationError, match="cannot be approved while a check fails"):
            approve(request, request.lines.get(), personas.iao, "asset_owner")
        assert not request.lines.get().approvals.exists()

    def test_refusing_needs_a_reason_and_refuses_the_request(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        with pytest.raises(ValidationError):
            access_request_decide(request=request, line=line, actor=personas.iao, role="asset_owner", decision="refuse")
        access_request_decide(
            request=request,
            line=line,
            actor=personas.iao,
            role="asset_owner",
            decision="refuse",
            conditions="Not needed for the questions asked.",
        )
        request.refresh_from_db()
        assert request.status == RequestStatus.REFUSED

    def test_only_the_datasets_owner_decides_as_owner(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        with pytest.raises(ServiceError):
            approve(request, request.lines.get(), personas.siro, "asset_owner")
        with pytest.raises(ServiceError):
            approve(request, request.lines.get(), personas.outsider_dpo, "dpo")

    def test_one_decision_per_role(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        approve(request, line, personas.iao, "asset_owner")
        with pytest.raises(IllegalTransition):
            approve(request, line, personas.iao, "asset_owner")

    def test_a_partners_dataset_is_granted_under_the_agreement(self, personas, partner_dataset, settled):
        from tests.factories import UserFactory

        agreement = in_force(
            personas.outsider_dpo, personas.other_organisation, personas.organisation, [partner_dataset]
        )
        request = ask(personas.analyst, settled, [partner_dataset])
        line = request.lines.get()
        approve(request, line, partner_dataset.information_asset_owner, "asset_owner")
        their_dpo = UserFactory(organisation=personas.other_organisation, roles=["Data Protection Officer"])
        approve(request, line, their_dpo, "dpo")
        assert request.grants.get().agreement == agreement


class TestMoreInformation:
    def test_asking_resubmitting_and_deciding_afresh(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        line = request.lines.get()
        approve(request, line, personas.iao, "asset_owner")
        request.refresh_from_db()
        request = access_request_ask(
            request=request, actor=personas.dpo, question="Which wards?", expected_version=request.version
        )
        assert request.status == RequestStatus.INFO_REQUESTED
        with pytest.raises(IllegalTransition):
            approve(request, line, personas.dpo, "dpo")
        request = access_request_resubmit(
            request=request,
            actor=personas.analyst,
            expected_version=request.version,
            fields_needed="Ward codes for the two cities only.",
        )
        assert request.status == RequestStatus.SUBMITTED
        assert not line.approvals.filter(superseded=False).exists()  # the owner decides again on the new answers

    def test_only_an_approver_asks(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        with pytest.raises(ServiceError):
            access_request_ask(
                request=request, actor=personas.colleague, question="?", expected_version=request.version
            )

    def test_withdrawing(self, personas, own_dataset, settled):
        request = ask(personas.analyst, settled, [own_dataset])
        request = access_request_withdraw(request=request, actor=personas.analyst, expected_version=request.version)
        assert request.status == RequestStatus.WITHDRAWN


class TestSuspension:
    def test_reopening_the_screening_suspends_the_projects_grants_at_once(self, personas, own_dataset, settled):
        access = granted(personas, own_dataset, settled)
        screening = settled.screenings.get()
        screening_reopen(
            screening=screening, actor=personas.analyst, reason="New data source", expected_version=screening.version
        )
        access.refresh_from_db()
        assert access.status == GrantStatus.SUSPENDED
        assert f"{screening.reference} was reopened" in access.ended_reason
        assert not holds_object_permission(personas.analyst, own_dataset, "view")

    def test_a_second_grant_keeps_the_dataset_visible(self, personas, own_dataset, settled):
        from tests.isa.conftest import settled_project

        first = granted(personas, own_dataset, settled)
        granted(personas, own_dataset, settled_project(personas.analyst, personas.dpo))
        grant_revoke(access=first, actor=personas.iao, reason="Project finished")
        assert holds_object_permission(personas.analyst, own_dataset, "view")


def test_grants_expire(personas, own_dataset, settled):
    from governance.actors import system_actor
    from isa.services.grants import grants_expire

    access = granted(personas, own_dataset, settled)
    assert grants_expire(today=access.expires_on, actor=system_actor("grant expiry")) == 0
    assert grants_expire(today=access.expires_on + datetime.timedelta(days=1), actor=system_actor("grant expiry")) == 1
    access.refresh_from_db()
    assert access.status == GrantStatus.EXPIRED
    assert access.history.latest().history_user.username == "system.grant-expiry"
