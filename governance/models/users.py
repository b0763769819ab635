from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from governance.roles import ORGANISATION_READERS, Role


class User(AbstractUser):
    organisation = models.ForeignKey(
        "governance.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text="Everyone who signs in belongs to one organisation; only system actors have none.",
    )
    job_title = models.CharField(max_length=200, blank=True)
    is_system_actor = models.BooleanField(
        default=False,
        help_text="A named actor for background work (e.g. the retention sweep); it cannot sign in.",
    )

    # Password hashes and sign-in times are not governance history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_system_actor=False) | models.Q(is_active=False),
                name="system_actor_cannot_sign_in",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's roles, read once per request (the user object lives for one request)."""
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return any(role.value in self.role_names for role in roles)

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role.value in self.role_names]

    def reads_whole_organisation(self) -> bool:
        return any(role.value in self.role_names for role in ORGANISATION_READERS)

    def in_organisation_of(self, record_organisation_id: int | None) -> bool:
        return self.organisation_id is not None and self.organisation_id == record_organisation_id
