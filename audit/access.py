"""Who sees audit packs: the DPO, SIRO and auditors of the pack's organisation; everyone else gets 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from audit.models import AuditPack
from governance.models import User


def produces_packs(user: User) -> bool:
    return user.organisation_id is not None and user.reads_whole_organisation()


def require_pack_reader(user: User) -> int:
    if not produces_packs(user):
        raise Http404
    assert user.organisation_id is not None
    return user.organisation_id


def get_pack_for_user(user: User, pk: int) -> AuditPack:
    return get_object_or_404(
        AuditPack.objects.select_related("organisation", "project", "requested_by"),
        pk=pk,
        organisation_id=require_pack_reader(user),
    )
