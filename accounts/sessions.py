"""Signed-in sessions: made at sign-in, ended at sign-out, after the idle and absolute limits, or when the
person ends them (one, or all but this one when the password or second factor changes)."""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.http import HttpRequest
from django.utils import timezone

from accounts import mfa
from accounts.models import UserSession
from audit.events import record_event
from governance.models import User

# Keys in the session's own data.
STARTED = "accounts_started"
SEEN = "accounts_seen"
ROW = "accounts_session"
MUST_VERIFY = "accounts_must_verify"
# How often "last seen" is written: each request reads the session anyway, but writing it on every
# request would make every page a write.
SEEN_RESOLUTION = datetime.timedelta(minutes=1)


def idle_limit() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES)


def absolute_limit() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)


def _store() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def begin(request: HttpRequest, user: User) -> None:
    """Record a new session (called at sign-in, after Django has given the session a new key)."""
    now = timezone.now()
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key
    assert key is not None
    # Signing in again in the same session (the same person) keeps Django's key: the row starts afresh.
    row, _ = UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "ip_address": _client_address(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    request.session[STARTED] = now.timestamp()
    request.session[SEEN] = now.timestamp()
    request.session[ROW] = row.pk
    request.session[MUST_VERIFY] = mfa.must_verify(user)


def touch(request: HttpRequest, now: datetime.datetime, *, force: bool = False) -> None:
    """Note activity: in the session at once, in the table at most once a minute, and at once when forced
    (after the session's key changed, so that ending it from elsewhere still finds it)."""
    seen = request.session.get(SEEN)
    if not force and seen is not None and now.timestamp() - seen < SEEN_RESOLUTION.total_seconds():
        return
    request.session[SEEN] = now.timestamp()
    row_id = request.session.get(ROW)
    if row_id is not None:
        UserSession.objects.filter(pk=row_id).update(last_seen_at=now, session_key=request.session.session_key)


def expired(request: HttpRequest, now: datetime.datetime) -> str | None:
    """Why the session must end now, or None."""
    started, seen = request.session.get(STARTED), request.session.get(SEEN)
    if started is not None and now.timestamp() - started > absolute_limit().total_seconds():
        return f"You were signed out: a session lasts at most {settings.SESSION_ABSOLUTE_HOURS} hours."
    if seen is not None and now.timestamp() - seen > idle_limit().total_seconds():
        return f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without activity."
    return None


def current_row_id(request: HttpRequest) -> int | None:
    return request.session.get(ROW)


def end(row: UserSession, *, actor: User | None, why: str) -> None:
    """End a session: its cookie no longer signs anyone in."""
    _store()(session_key=row.session_key).delete()
    row.delete()
    record_event(
        "accounts.session_ended",
        actor=actor,
        record_type="accounts.usersession",
        record_id=str(row.pk),
        organisation_id=row.user.organisation_id,
        details={"why": why, "user": row.user_id},
    )


def end_others(request: HttpRequest, user: User, *, why: str) -> int:
    """End every session of the user except this one; how many were ended."""
    others = UserSession.objects.filter(user=user).select_related("user")
    keep = current_row_id(request)
    if keep is not None:
        others = others.exclude(pk=keep)
    rows = list(others)
    for row in rows:
        end(row, actor=user, why=why)
    return len(rows)


def end_all(user: User, *, actor: User | None, why: str) -> int:
    rows = list(UserSession.objects.filter(user=user).select_related("user"))
    for row in rows:
        end(row, actor=actor, why=why)
    return len(rows)


def _on_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        begin(request, user)


def _on_sign_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    row_id = current_row_id(request)
    if row_id is not None:
        UserSession.objects.filter(pk=row_id).delete()


def connect() -> None:
    user_logged_in.connect(_on_sign_in, dispatch_uid="accounts.session_begin")
    user_logged_out.connect(_on_sign_out, dispatch_uid="accounts.session_end")
