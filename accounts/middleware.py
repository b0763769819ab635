"""Session limits and the second factor, for every page.

``SessionLimitsMiddleware`` ends a session after the idle limit (30 minutes by default) and the absolute
limit (12 hours), and notes activity. ``SecondFactorMiddleware`` sends a person who must give a second
factor, and has not yet in this session, to give it (or to set one up) before any other page. API calls
with a token carry their own credential and are not affected.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone

from accounts import mfa, sessions
from accounts.sessions import MUST_VERIFY

# Pages a person who has signed in with a password may use before giving the second factor.
_OPEN_BEFORE_SECOND_FACTOR = ("accounts:verify", "accounts:set_up", "accounts:set_up_qr", "logout")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and hasattr(request, "session") and request.session.session_key:
            now = timezone.now()
            if sessions.STARTED not in request.session:
                # A session from before these limits were kept: they start now.
                request.session[sessions.STARTED] = now.timestamp()
            why = sessions.expired(request, now)
            if why is not None:
                logout(request)
                if _is_api(request):
                    return JsonResponse({"detail": why}, status=401)
                messages.info(request, why)
                return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}")
            sessions.touch(request, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def _open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            self._open = tuple(reverse(name) for name in _OPEN_BEFORE_SECOND_FACTOR)
        return self._open

    @staticmethod
    def _must_verify(request: HttpRequest) -> bool:
        """Decided at sign-in, once a session (a person setting up a second factor ends their other
        sessions), so that people who need none pay no query per page."""
        if not hasattr(request, "session"):
            return mfa.must_verify(request.user)  # type: ignore[arg-type]
        if MUST_VERIFY not in request.session:
            request.session[MUST_VERIFY] = mfa.must_verify(request.user)  # type: ignore[arg-type]
        return bool(request.session[MUST_VERIFY])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in self._open_paths()
            and self._must_verify(request)
        ):
            if _is_api(request):
                return JsonResponse({"detail": "Give your second factor in the browser first."}, status=403)
            target = "accounts:verify" if mfa.has_second_factor(user) else "accounts:set_up"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
