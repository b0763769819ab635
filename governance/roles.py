"""The roles people hold. Each role is a Django group created by a migration.

A role says what kind of work someone does in their organisation; it never grants sight of another
organisation's records. Rights over a single record are object permissions (see ``permissions``).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    # The value is the group's name, which people see on their home page and in the admin.
    DPO = "Data Protection Officer", "Data Protection Officer"
    SIRO = "Senior Information Risk Owner", "Senior Information Risk Owner"
    ASSET_OWNER = "Information asset owner", "Information asset owner"
    ANALYST = "Analyst or project lead", "Analyst or project lead"
    ETHICS_SECRETARY = "Ethics committee secretary", "Ethics committee secretary"
    ETHICS_MEMBER = "Ethics committee member", "Ethics committee member"
    SIGNATORY = "Partner signatory", "Partner signatory"
    AUDITOR = "Auditor", "Auditor"


# Roles whose holders read every governance record of their own organisation.
ORGANISATION_READERS = frozenset({Role.DPO, Role.SIRO, Role.AUDITOR})

# Model-level permissions each role's group carries: what kinds of record its holders may create.
# Reading and changing a particular record is decided per record, never by these.
ROLE_MODEL_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.DPO: ("governance.add_project", "governance.add_dataset"),
    Role.SIRO: (),
    Role.ASSET_OWNER: ("governance.add_project", "governance.add_dataset"),
    Role.ANALYST: ("governance.add_project",),
    Role.ETHICS_SECRETARY: (),
    Role.ETHICS_MEMBER: (),
    Role.SIGNATORY: (),
    Role.AUDITOR: (),
}


def ensure_role_groups(**kwargs: object) -> None:
    """Create any missing role group and give each its model permissions.

    The migration creates them; this runs after every ``migrate`` (and after a test database is
    flushed) so that the groups, which everything else relies on, can never be missing.
    """
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [name.split(".", 1) for name in names]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.add(*permissions)
