"""The second factor: required for the roles that decide, oversee or administer; enrolled with a QR code
and recovery codes; asked at every sign-in once set up; not bypassed by a password reset."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from accounts.models import UserSession
from audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, code_for, enrolled, sign_in, with_password

REQUIRED = ["dpo", "siro", "iao", "secretary", "auditor"]
NOT_REQUIRED = ["analyst", "member", "signatory"]


@pytest.mark.parametrize("persona", REQUIRED)
def test_the_roles_that_decide_or_oversee_must_set_up_a_second_factor(personas, mfa_on, persona):
    user = with_password(getattr(personas, persona))
    client = Client()
    assert sign_in(client, user).status_code == 302
    response = client.get("/dpia/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/set-up/")
    assert client.get("/accounts/two-factor/set-up/").status_code == 200


@pytest.mark.parametrize("persona", NOT_REQUIRED)
def test_other_roles_may_sign_in_with_a_password_alone(personas, mfa_on, persona):
    client = Client()
    sign_in(client, with_password(getattr(personas, persona)))
    assert client.get("/dpia/").status_code == 200


def test_staff_using_the_admin_must_give_it(personas, mfa_on):
    user = with_password(personas.analyst)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    sign_in(client, user)
    assert client.get("/admin/")["Location"].startswith("/accounts/two-factor/set-up/")


def test_the_admin_has_no_sign_in_form_of_its_own(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_not_required_in_demo_mode_or_when_switched_off(personas, settings):
    settings.MFA_REQUIRED = False
    client = Client()
    sign_in(client, with_password(personas.dpo))
    assert client.get("/dpia/").status_code == 200


def test_enrolment_with_a_qr_code_then_recovery_codes_shown_once(personas, mfa_on, time_machine):
    user = with_password(personas.dpo)
    client = Client()
    sign_in(client, user)
    page = client.get("/accounts/two-factor/set-up/?next=/dpia/").content.decode()
    assert 'src="/accounts/two-factor/set-up/qr.svg"' in page
    qr = client.get("/accounts/two-factor/set-up/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg") and b"<path" in qr.content
    assert "no-store" in qr["Cache-Control"]
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The key for typing in is shown, in groups of four.
    assert re.search(r'<code class="app-secret-key">([A-Z2-7]{4} )+', page)

    wrong = client.post("/accounts/two-factor/set-up/", {"password": PASSWORD, "code": "000000"})
    assert "The code is not right" in wrong.content.decode()
    bad_password = client.post("/accounts/two-factor/set-up/", {"password": "nope", "code": code_for(device)})
    assert "The password is not right" in bad_password.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=3))  # past the throttle of the wrong code
    device.refresh_from_db()
    done = client.post(
        "/accounts/two-factor/set-up/", {"password": PASSWORD, "code": code_for(device), "next": "/dpia/"}
    )
    assert "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", done.content.decode())
    assert len(codes) == mfa.RECOVERY_CODES
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert client.get("/dpia/").status_code == 200
    assert "<code>" + codes[0] not in client.get("/accounts/two-factor/").content.decode()
    assert AuditEvent.objects.filter(action="accounts.second_factor_set_up", actor_id=user.pk).exists()


def test_once_set_up_it_is_asked_at_every_sign_in(personas, mfa_on, time_machine):
    user = with_password(personas.dpo)
    device = enrolled(user)
    client = Client()
    sign_in(client, user)
    response = client.get("/isa/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fisa%2F"
    refused = client.post("/accounts/two-factor/verify/", {"code": "123456", "next": "/isa/"})
    assert "The code is not right" in refused.content.decode()
    assert client.get("/isa/").status_code == 302
    # A wrong code slows the next try down (django-otp's throttle): a second too soon is refused.
    device.refresh_from_db()
    too_soon = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "/isa/"})
    assert "Too many wrong codes" in too_soon.content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=3))
    given = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "/isa/"})
    assert given.status_code == 302 and given["Location"] == "/isa/"
    assert client.get("/isa/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.second_factor_refused", actor_id=user.pk).count() == 1


def test_set_up_by_choice_it_is_asked_even_where_not_required(personas, mfa_on):
    user = with_password(personas.analyst)
    enrolled(user)
    client = Client()
    sign_in(client, user)
    assert client.get("/projects/")["Location"].startswith("/accounts/two-factor/verify/")


def test_a_recovery_code_works_once(personas, mfa_on):
    user = with_password(personas.siro)
    enrolled(user)
    code = StaticToken.objects.filter(device__user=user).first().token
    client = Client()
    sign_in(client, user)
    assert client.post("/accounts/two-factor/verify/", {"code": code.upper(), "next": "/"}).status_code == 302
    assert mfa.recovery_codes_left(user) == mfa.RECOVERY_CODES - 1
    again = Client()
    sign_in(again, user)
    assert "The code is not right" in again.post("/accounts/two-factor/verify/", {"code": code}).content.decode()


def test_the_verify_page_does_not_redirect_elsewhere(personas, mfa_on):
    user = with_password(personas.dpo)
    device = enrolled(user)
    client = Client()
    sign_in(client, user)
    response = client.post("/accounts/two-factor/verify/", {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_api_with_a_session_needs_the_second_factor_but_a_token_does_not(personas, mfa_on):
    from api.tokens import token_create

    user = with_password(personas.dpo)
    enrolled(user)
    client = Client()
    sign_in(client, user)
    assert client.get("/api/datasets/").status_code == 403
    raw = token_create(user=user, name="Reports", days=1, actor=None).raw
    assert Client().get("/api/datasets/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_a_password_reset_does_not_bypass_the_second_factor(personas, mfa_on):
    user = with_password(personas.dpo)
    user.email = "dpo@example.police.uk"
    user.save(update_fields=["email"])
    device = enrolled(user)
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response["Location"] == "/accounts/password/reset/sent/"
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "a longer passphrase of several words"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/password/reset/done/"
    # Not signed in by the reset; signing in with the new password still asks for the code.
    assert client.get("/dpia/")["Location"].startswith("/accounts/login/")
    sign_in(client, user, new)
    assert client.get("/dpia/")["Location"].startswith("/accounts/two-factor/verify/")
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    assert client.get("/dpia/").status_code == 200


def test_a_reset_for_an_unknown_address_says_the_same(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password/reset/sent/" and not mail.outbox


def test_replacing_the_app_asks_for_the_password_and_ends_other_sessions(personas, mfa_on):
    user = with_password(personas.dpo)
    device = enrolled(user)
    phone, laptop = Client(), Client()
    for offset, client in enumerate((phone, laptop)):
        sign_in(client, user)
        # A code works once: the second session gives the next one (within the allowed drift).
        assert client.post("/accounts/two-factor/verify/", {"code": code_for(device, offset)}).status_code == 302
    assert UserSession.objects.filter(user=user).count() == 2

    refused = laptop.post("/accounts/two-factor/replace/", {"password": "wrong"})
    assert "The password is not right" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    assert (
        laptop.post("/accounts/two-factor/replace/", {"password": PASSWORD})["Location"]
        == "/accounts/two-factor/set-up/"
    )
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert phone.get("/dpia/")["Location"].startswith("/accounts/login/")
    assert UserSession.objects.filter(user=user).count() == 1
    # The laptop must set up the new app before anything else.
    assert laptop.get("/dpia/")["Location"].startswith("/accounts/two-factor/set-up/")


def test_new_recovery_codes_replace_the_old(personas, mfa_on):
    user = with_password(personas.dpo)
    device = enrolled(user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    client = Client()
    sign_in(client, user)
    client.post("/accounts/two-factor/verify/", {"code": code_for(device)})
    page = client.post("/accounts/two-factor/recovery-codes/", {"password": PASSWORD}).content.decode()
    new = set(re.findall(r"<li><code>([0-9a-f]{10})</code></li>", page))
    assert len(new) == mfa.RECOVERY_CODES and not new & old
