"""API credentials: service accounts (a partner's data platform, an organisation's registers) and tokens.

A token is shown once when it is made; only its SHA-256 is stored, so a copy of the database gives
nobody a working token. Every token belongs to one user: a person, or the user behind a service
account, whose sight is that of its organisation's auditor (read-only, the whole organisation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ServiceAccount(models.Model):
    """A system of one organisation that calls the API; it acts through a user that cannot sign in."""

    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, help_text="The calling system, e.g. the analytics platform.")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="service_account_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    service_account = models.ForeignKey(
        ServiceAccount, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    organisation = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, help_text="What the token is for, to tell it apart when revoking.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it.")
    key_hash = models.CharField("SHA-256 of the token", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
