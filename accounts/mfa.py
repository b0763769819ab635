"""Who must give a second factor, and the devices behind it (django-otp: an authenticator app, and
single-use recovery codes)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import User
from governance.roles import Role

# The roles that decide, oversee or hold the organisation's records: a stolen password alone must not
# be enough for them.
SECOND_FACTOR_ROLES = (Role.DPO, Role.SIRO, Role.ASSET_OWNER, Role.ETHICS_SECRETARY, Role.AUDITOR)
RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_by_role(user: User) -> bool:
    return bool(settings.MFA_REQUIRED) and (user.is_staff or user.is_superuser or user.has_role(*SECOND_FACTOR_ROLES))


def must_verify(user: User) -> bool:
    """Whether this person must give the second factor: required for their role, or set up by choice
    (once set up, it is always asked)."""
    return required_by_role(user) or has_second_factor(user)


def pending_app_device(user: User) -> TOTPDevice:
    """The device being set up (unconfirmed until the person types a code from it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes; the new ones are returned to show once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_all(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
