"""Sessions end after 30 minutes idle and 12 hours in all (both settable); people see theirs and end them;
a password change asks for the password and ends the others."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from accounts.models import UserSession
from audit.models import AuditEvent
from tests.accounts.conftest import PASSWORD, sign_in, with_password


def test_an_idle_session_ends_after_thirty_minutes(personas, time_machine):
    client = Client()
    sign_in(client, with_password(personas.analyst))
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=29))
    assert client.get("/projects/").status_code == 200
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=29))
    assert client.get("/projects/").status_code == 200  # activity kept it alive
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=31))
    response = client.get("/projects/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=%2Fprojects%2F"
    assert "after 30 minutes without activity" in response.content.decode()
    assert not UserSession.objects.exists()


def test_a_session_ends_after_twelve_hours_however_active(personas, time_machine):
    client = Client()
    sign_in(client, with_password(personas.analyst))
    start = timezone.now()
    for minutes in range(20, 12 * 60, 20):
        time_machine.move_to(start + datetime.timedelta(minutes=minutes))
        assert client.get("/projects/").status_code == 200
    time_machine.move_to(start + datetime.timedelta(hours=12, minutes=1))
    response = client.get("/projects/", follow=True)
    assert "a session lasts at most 12 hours" in response.content.decode()


def test_the_limits_are_settings(personas, settings, time_machine):
    settings.SESSION_IDLE_MINUTES = 5
    client = Client()
    sign_in(client, with_password(personas.analyst))
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    assert client.get("/projects/")["Location"].startswith("/accounts/login/")


def test_people_see_their_own_sessions_and_end_one(personas):
    user = with_password(personas.analyst)
    here, there = Client(), Client()
    sign_in(here, user, HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Chrome/130 Safari/537")
    sign_in(there, user, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Version/18 Safari/604")
    sign_in(Client(), with_password(personas.colleague))
    page = here.get("/accounts/sessions/").content.decode()
    assert "Chrome on Windows" in page and "Safari on iPhone" in page and page.count("Sign out<span") == 2
    assert "This session" in page
    other = UserSession.objects.get(user=user, user_agent__contains="iPhone")
    assert here.post(f"/accounts/sessions/{other.pk}/end/")["Location"] == "/accounts/sessions/"
    assert there.get("/projects/")["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="accounts.session_ended", actor_id=user.pk).exists()


def test_nobody_ends_another_persons_session(personas):
    sign_in(Client(), with_password(personas.colleague))
    theirs = UserSession.objects.get(user=personas.colleague)
    client = Client()
    sign_in(client, with_password(personas.analyst))
    assert client.post(f"/accounts/sessions/{theirs.pk}/end/").status_code == 404
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_ending_all_others_keeps_this_one(personas):
    user = with_password(personas.analyst)
    clients = [Client() for _ in range(3)]
    for client in clients:
        sign_in(client, user)
    clients[0].post("/accounts/sessions/end-others/")
    assert clients[0].get("/projects/").status_code == 200
    assert all(c.get("/projects/").status_code == 302 for c in clients[1:])
    assert UserSession.objects.filter(user=user).count() == 1


def test_a_password_change_asks_for_the_password_and_ends_the_other_sessions(personas):
    user = with_password(personas.analyst)
    here, there = Client(), Client()
    sign_in(here, user)
    sign_in(there, user)
    new = "another long passphrase entirely"
    refused = here.post("/accounts/password/", {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    changed = here.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert changed["Location"] == "/accounts/password/done/"
    assert here.get("/projects/").status_code == 200
    assert there.get("/projects/")["Location"].startswith("/accounts/login/")
    # This session's new key is what the list holds, so it can still be ended from elsewhere.
    row = UserSession.objects.get(user=user)
    assert row.session_key == here.session.session_key


def test_signing_out_removes_the_session(personas):
    client = Client()
    sign_in(client, with_password(personas.analyst))
    assert UserSession.objects.count() == 1
    client.post("/accounts/logout/")
    assert not UserSession.objects.exists()


def test_signing_in_again_in_the_same_session_keeps_one_row(personas):
    user = with_password(personas.analyst)
    client = Client()
    sign_in(client, user)
    client.force_login(user)
    assert UserSession.objects.filter(user=user).count() == 1
