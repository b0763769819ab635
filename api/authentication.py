"""Token authentication: ``Authorization: Bearer <token>`` (or ``Token <token>``), looked up by its hash."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from api.models import ApiToken
from api.tokens import hash_token

# Writing ``last_used_at`` on every call would make each read a write; once a minute is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Bearer, with no spaces in it.")
        raw = header[1].decode(errors="replace")
        token = ApiToken.objects.select_related("user", "user__organisation").filter(key_hash=hash_token(raw)).first()
        # One answer for unknown, revoked and expired tokens: a caller learns nothing from the difference.
        if token is None or not token.is_usable or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid: it is unknown, revoked or expired.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
