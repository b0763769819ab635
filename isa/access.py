"""Access helpers for agreements, requests and grants: 404 where the user may not see the record,
403 where they may see it but not do this."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from governance.models import User
from governance.permissions import holds_object_permission
from governance.roles import Role
from isa.models import AccessGrant, AccessRequest, Agreement, AgreementAttachment, AgreementParty
from isa.services.requests import approver_roles

AgreementAction = Literal["view", "change"]


def can_change_agreement(user: User, agreement: Agreement) -> bool:
    """The drafting organisation's DPO and SIRO, and those given the right (the drafter, the contact
    point)."""
    if user.has_role(Role.DPO, Role.SIRO) and user.in_organisation_of(agreement.organisation_id):
        return True
    return holds_object_permission(user, agreement, "change")


def get_agreement_for_user(user: User, pk: int, action: AgreementAction = "view") -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.visible_to(user).select_related(
            "organisation", "contact_point", "template__forum", "replaces"
        ),
        pk=pk,
    )
    if action == "change" and not can_change_agreement(user, agreement):
        raise PermissionDenied(
            "Only the drafting organisation's DPO or SIRO, or the agreement's editors, can change it."
        )
    return agreement


def get_party_to_sign(user: User, agreement_pk: int, party_pk: int) -> tuple[Agreement, AgreementParty]:
    agreement = get_agreement_for_user(user, agreement_pk)
    party = get_object_or_404(agreement.parties.select_related("organisation", "signatory"), pk=party_pk)
    if party.signatory_id != user.pk or party.organisation_id != user.organisation_id:
        raise PermissionDenied(f"Only {party.signatory or 'the named signatory'} can sign for {party.organisation}.")
    return agreement, party


def get_attachment_for_user(user: User, pk: int) -> AgreementAttachment:
    attachment = get_object_or_404(AgreementAttachment.objects.select_related("agreement"), pk=pk)
    get_agreement_for_user(user, attachment.agreement_id)
    return attachment


RequestAction = Literal["view", "ask", "requester"]


def get_request_for_user(user: User, pk: int, action: RequestAction = "view") -> AccessRequest:
    """``ask``: an approver of one of its datasets; ``requester``: the person who asked (to resubmit or
    withdraw)."""
    access_request = get_object_or_404(
        AccessRequest.objects.visible_to(user).select_related("requester", "project", "organisation", "info_asked_by"),
        pk=pk,
    )
    if action == "requester" and access_request.requester_id != user.pk:
        raise PermissionDenied("Only the requester can do this.")
    if action == "ask" and not any(
        approver_roles(user, line) for line in access_request.lines.select_related("dataset__organisation")
    ):
        raise PermissionDenied("Only an approver of one of the datasets can ask for more information.")
    return access_request


def get_grant_for_user(user: User, pk: int, action: Literal["view", "revoke"] = "view") -> AccessGrant:
    access = get_object_or_404(
        AccessGrant.objects.visible_to(user).select_related("user", "dataset__organisation", "request", "agreement"),
        pk=pk,
    )
    if action == "revoke":
        owner = access.dataset.information_asset_owner_id == user.pk
        dpo = user.has_role(Role.DPO) and user.in_organisation_of(access.dataset.organisation_id)
        if not (owner or dpo):
            raise PermissionDenied("Only the dataset's asset owner or its DPO can revoke access.")
    return access
