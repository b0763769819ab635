"""Who sees a breach: the person who reported it sees their report; the DPO of the organisation sees and
works all of its breaches; its SIRO and auditors read the register (403 on every action). Everyone else
gets 404, the same answer as for a breach that does not exist."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from breaches.models import Breach
from governance.models import User
from governance.roles import Role


def reads_register(user: User) -> bool:
    """The organisation's DPO, SIRO and auditors see every breach of the organisation."""
    return user.organisation_id is not None and user.has_role(Role.DPO, Role.SIRO, Role.AUDITOR)


def works_breaches(user: User) -> bool:
    return user.organisation_id is not None and user.has_role(Role.DPO)


def may_work(user: User, breach: Breach) -> bool:
    return works_breaches(user) and user.in_organisation_of(breach.organisation_id)


def sees_full_record(user: User, breach: Breach) -> bool:
    """The DPO's record (risk, decisions, partners) is for the organisation's readers; a reporter who is
    not one sees what they reported and where it stands."""
    return reads_register(user) and user.in_organisation_of(breach.organisation_id)


def get_breach_for_user(user: User, pk: int, action: Literal["view", "work"] = "view") -> Breach:
    breach = get_object_or_404(
        Breach.objects.visible_to(user).select_related("organisation", "reported_by", "closed_by"), pk=pk
    )
    if action == "work" and not may_work(user, breach):
        raise PermissionDenied("Only the organisation's Data Protection Officer works on breaches.")
    return breach
