"""Tests that open records holding special category or criminal offence data give a reason first, as
people do (the reason is asked once a session)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def give_reason(client: Client, reason: str = "Checking the register for an audit") -> None:
    response = client.post(reverse("audit:justify"), {"reason": reason, "next": "/"})
    assert response.status_code == 302, response.content
