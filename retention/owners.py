from __future__ import annotations

from typing import Any

from governance.actors import system_actor
from governance.models import Organisation, User
from governance.roles import Role
from retention.registry import RecordType


def officer_of(organisation_id: int, *roles: Role) -> User | None:
    """The organisation's named officer for the first of ``roles`` (its DPO or SIRO as recorded on the
    organisation), else its first active holder of that role."""
    organisation = Organisation.objects.select_related("dpo", "siro").get(pk=organisation_id)
    for role in roles:
        named = {Role.DPO: organisation.dpo, Role.SIRO: organisation.siro}.get(role)
        if named is not None and named.is_active:
            return named
        person = (
            User.objects.filter(organisation_id=organisation_id, is_active=True, groups__name=role.value)
            .order_by("pk")
            .first()
        )
        if person is not None:
            return person
    return None


def owner_of(kind: RecordType, obj: Any, organisation_id: int) -> User:
    """Who reviews a record: its owner as its app says, if they can still act; else the organisation's
    DPO, else its SIRO. (Failing those the review is the retention sweep's own, which the DPO and SIRO
    see on their page once appointed.)"""
    owner = kind.owner(obj)
    if owner is not None and owner.is_active and not owner.is_system_actor:
        return owner
    return officer_of(organisation_id, Role.DPO, Role.SIRO) or system_actor("retention sweep")
