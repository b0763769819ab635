"""Setting up the second factor in the browser: the QR code page, the recovery codes, then the code asked at
the next sign-in; and the sessions page. Each page checked with axe."""

from __future__ import annotations

import base64
import re

from django_otp.oath import TOTP

from tests.accounts.conftest import PASSWORD, with_password
from tests.browser.conftest import assert_accessible


def code_from_key(typed_key: str, offset: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page."""
    key = base64.b32decode(typed_key.replace(" ", ""))
    totp = TOTP(key)
    totp.time = totp.time + offset * 30
    return f"{totp.token():06d}"


def test_a_dpo_sets_up_an_authenticator_app_and_is_asked_for_a_code_next_time(page, personas, settings):
    settings.MFA_REQUIRED = True
    with_password(personas.dpo)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("dpo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/set-up/**")
    assert page.get_by_role("img", name=re.compile("QR code")).evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)

    key = page.locator(".app-secret-key").inner_text()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Code from the app").fill(code_from_key(key))
    page.get_by_role("button", name="Set up").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator(".app-recovery-codes li").count() == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.wait_for_url("**/")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("dpo")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/verify/**")
    assert_accessible(page)
    page.get_by_label("Code").fill(code_from_key(key, offset=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")

    page.goto("/accounts/sessions/")
    assert page.get_by_text("This session").is_visible()
    assert_accessible(page)
