"""Signing in with a username and password, and finding the person behind a session on every request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from governance.models import User


class UserBackend(ModelBackend):
    """Django's model backend, reading the person's organisation with them: every page's header names it,
    so each request saves a query."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
