"""Helpers for the sign-in security tests: the second factor switched on, and codes from a device."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery staple"


@pytest.fixture
def mfa_on(settings):
    settings.MFA_REQUIRED = True
    return settings


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def with_password(user, password: str = PASSWORD):
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def sign_in(client: Client, user, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": user.username, "password": password}, **extra)


def enrolled(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user``, with recovery codes."""
    from accounts import mfa

    device = TOTPDevice.objects.create(user=user, name=mfa.APP_DEVICE, confirmed=True)
    mfa.new_recovery_codes(user)
    return device
