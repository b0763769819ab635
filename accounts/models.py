"""A person's signed-in sessions, so they can see them and end them.

Django's session store cannot be searched by person; this table can. A row is made when someone signs
in and removed when the session ends (signing out, timing out, ended from another session, a password
or second-factor change); ending a session deletes it from the session store too, so its cookie no
longer signs anyone in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UserSession(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} since {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def browser(self) -> str:
        """A short description of the browser, from its user agent."""
        agent = self.user_agent
        for name in ("Edg", "Firefox", "Chrome", "Safari"):
            if name in agent:
                browser = {"Edg": "Edge"}.get(name, name)
                break
        else:
            browser = "Unknown browser"
        for system in ("Windows", "Mac OS", "iPhone", "Android", "Linux"):
            if system in agent:
                return f"{browser} on {system.replace('Mac OS', 'macOS')}"
        return browser
