"""Consultation logging (DPA 2018 s.62): a view of a record holding special category or criminal
offence data asks, once a session, why the person is looking, and every such view is an event that
carries that reason."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from audit.events import record_event
from audit.registry import audited

SESSION_KEY = "audit_consultation_reason"


def session_reason(request: HttpRequest) -> str:
    return str(request.session.get(SESSION_KEY, ""))


def set_session_reason(request: HttpRequest, reason: str) -> None:
    request.session[SESSION_KEY] = reason


def consult(request: HttpRequest, record: models.Model, action: str = "viewed") -> HttpResponse | None:
    """Log this view of ``record`` if it holds sensitive data; first ask why, if not yet asked this session.

    Views call it after their access check, and return the response it gives when it gives one.
    """
    if not audited(record).is_sensitive(record):
        return None
    reason = session_reason(request)
    if not reason:
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('audit:justify')}?{query}")
    request.consultation_reason = reason  # type: ignore[attr-defined]  # shown on the page
    record_event(f"{record._meta.label_lower}.{action}", actor=request.user, record=record, justification=reason)
    return None
