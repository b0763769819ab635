"""Passwords: at least 12 characters, common and context-specific ones refused, no composition rules, long
passphrases allowed. Repeated failed sign-ins lock out, with a clear message and an unlock for administrators."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from tests.accounts.conftest import PASSWORD, sign_in, with_password


@pytest.mark.parametrize(
    "password",
    [
        "short pass",  # under 12
        "password1234",  # common
        "qwertyuiop123",  # common
        "Governance2026!",  # the service's own word with digits
        "WestMidlandsPolice1",  # the organisation's name
        "wmpwmpwmpwmp",  # its short code, repeated
        "123456789012345",  # only digits
    ],
)
def test_weak_passwords_are_refused(personas, password):
    with pytest.raises(ValidationError):
        validate_password(password, personas.analyst)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # a passphrase: no digit, capital or symbol needed
        "alllowercaseletters",
        "governance of the horse paddock",  # a service word among others is fine
        "a" * 3 + " very long passphrase " * 20,  # long passphrases are welcome
    ],
)
def test_no_composition_rules_and_long_passphrases(personas, password):
    validate_password(password, personas.analyst)


def test_the_change_form_says_why(personas):
    user = with_password(personas.analyst)
    client = Client()
    client.force_login(user)
    page = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"},
    ).content.decode()
    assert "This password is too common" in page


def test_five_failures_lock_out_with_a_clear_message(personas, settings):
    user = with_password(personas.analyst)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        failed = sign_in(client, user, "wrong password")
        assert failed.status_code == 200 and "Enter a correct username and password" in failed.content.decode()
    locked = sign_in(client, user, "wrong password")
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode() and "30 minutes" in locked.content.decode()
    # The right password does not get through while locked.
    assert sign_in(client, user).status_code == 429


def test_a_lockout_is_for_the_username_from_that_address(personas, settings):
    user = with_password(personas.analyst)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), user, "wrong password", REMOTE_ADDR="203.0.113.9")
    assert sign_in(Client(), user, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_an_administrator_unlocks(personas, settings):
    user = with_password(personas.analyst)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), user, "wrong password")
    assert AccessAttempt.objects.filter(username=user.username).exists()
    call_command("axes_reset_username", user.username)
    assert sign_in(Client(), user).status_code == 302


def test_the_admin_lists_attempts_for_unlocking(personas, settings):
    admin = with_password(personas.dpo)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), personas.analyst, "wrong password")
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and personas.analyst.username in page.content.decode()


def test_security_txt_says_where_to_report_a_problem(client, settings):
    settings.SECURITY_CONTACT = "security@example.police.uk"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert lines["Contact"] == "mailto:security@example.police.uk"
    assert lines["Expires"].endswith("Z") and lines["Preferred-Languages"] == "en"
