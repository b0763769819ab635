"""Services for API credentials: make a service account, issue a token (shown once), revoke it."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from api.models import ApiToken, ServiceAccount
from audit.events import record_event
from governance.models import Organisation, User
from governance.roles import Role
from governance.workflow import ServiceError

TOKEN_PREFIX = "dsg_"  # noqa: S105  (a marker that makes leaked tokens easy to scan for, not a secret)
MAX_DAYS = 366
# A service account reads as its organisation's auditor does: every record of the organisation and
# what is shared with it, and no right to act.
SERVICE_ACCOUNT_ROLE = Role.AUDITOR


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def service_account_create(*, organisation: Organisation, name: str, actor: User | None) -> ServiceAccount:
    if not name.strip():
        raise ServiceError("Name the system the service account is for.")
    with transaction.atomic():
        username = f"svc-{organisation.short_code.lower()}-{slugify(name)[:100]}"
        user = User(
            username=username, organisation=organisation, first_name=name.strip()[:150], job_title="Service account"
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=SERVICE_ACCOUNT_ROLE.value))
        account = ServiceAccount.objects.create(
            organisation=organisation, name=name.strip(), user=user, created_by=actor
        )
        record_event(
            "api.service_account_create",
            actor=actor,
            record_type="api.serviceaccount",
            record_id=str(account.pk),
            organisation_id=organisation.pk,
        )
    return account


def token_create(
    *,
    user: User,
    name: str,
    days: int,
    actor: User | None,
    service_account: ServiceAccount | None = None,
) -> IssuedToken:
    """Issue a token for a person or a service account; the raw value is returned once."""
    if not name.strip():
        raise ServiceError("Name the token, so it can be told apart when revoking it.")
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(f"A token lasts from 1 to {MAX_DAYS} days.")
    if service_account is not None and service_account.user_id != user.pk:
        raise ServiceError("The token's user must be the service account's own.")
    if user.organisation_id is None or not user.is_active:
        raise ServiceError("Only an active user of an organisation can hold a token.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            service_account=service_account,
            organisation_id=user.organisation_id,
            name=name.strip(),
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_token(raw),
            created_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        record_event(
            "api.token_create",
            actor=actor,
            record_type="api.apitoken",
            record_id=str(token.pk),
            organisation_id=token.organisation_id,
            details={"user": user.pk, "days": days},
        )
    return IssuedToken(token=token, raw=raw)


def token_revoke(*, token: ApiToken, actor: User | None) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            "api.token_revoke",
            actor=actor,
            record_type="api.apitoken",
            record_id=str(locked.pk),
            organisation_id=locked.organisation_id,
        )
    return locked


def is_service_account(user: User) -> bool:
    return ServiceAccount.objects.filter(user_id=user.pk).exists()
