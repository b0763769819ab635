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
