"""Sign-in security pages: the second factor (give it, set it up, replace it, new recovery codes), the
person's signed-in sessions, and password change and reset that end the other sessions."""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import mfa, sessions
from accounts.forms import NewPasswordForm, PasswordAgainForm, ResetRequestForm, SetUpForm, VerifyForm
from accounts.models import UserSession
from audit.events import record_event
from governance.forms.accounts import ChangePasswordForm
from governance.models import User
from governance.views.common import posted


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _event(action: str, user: User, **details: Any) -> None:
    record_event(
        f"accounts.{action}",
        actor=user,
        record_type="governance.user",
        record_id=str(user.pk),
        organisation_id=user.organisation_id,
        details=details or None,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(_next(request))
    if not mfa.has_second_factor(user):
        return redirect(f"{reverse('accounts:set_up')}?next={_next(request)}")
    form = VerifyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        # Six digits are the app's code, anything else a recovery code: each device counts its own wrong
        # tries (django-otp slows the next try down after each), so a mistyped one does not block the other.
        device = mfa.app_device(user) if code.isdigit() and len(code) == 6 else mfa.recovery_device(user)
        if device is not None and not device.verify_is_allowed()[0]:
            form.add_error("code", "Too many wrong codes. Wait a few seconds, then enter the code the app shows now")
        elif device is None or not device.verify_token(code):
            _event("second_factor_refused", user)
            form.add_error("code", "The code is not right, or has been used. Enter the code the app shows now")
        else:
            django_otp.login(request, device)
            recovery = device.name == mfa.RECOVERY_DEVICE
            _event("second_factor_given", user, kind="recovery code" if recovery else "app")
            if recovery:
                left = mfa.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code; {left} left. "
                    "Make new ones on the sign-in security page if you are low.",
                )
            return redirect(_next(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if mfa.has_second_factor(user):
        # Replacing it is a deliberate step from the two-factor page, after the password.
        return redirect("accounts:two_factor" if user.is_verified() else "accounts:verify")  # type: ignore[attr-defined]
    device = mfa.pending_app_device(user)
    form = SetUpForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", "Too many wrong codes. Wait a few seconds, then enter the code the app shows now")
        elif not device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", "The code is not right. Check the app shows this account, then enter its code now")
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = mfa.new_recovery_codes(user)
            django_otp.login(request, device)
            request.session[sessions.MUST_VERIFY] = True
            ended = sessions.end_others(request, user, why="second factor set up")
            _event("second_factor_set_up", user, other_sessions_ended=ended)
            response = render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})
            response["Cache-Control"] = "no-store"
            return response
    return render(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "secret": _spaced(device),
            "required": mfa.required_by_role(user),
            "next": _next(request),
        },
    )


def _spaced(device: Any) -> str:
    """The device's key as an app asks for it typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@require_GET
def set_up_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being set up, drawn here (the secret never goes to another service)."""
    user = _user(request)
    if mfa.has_second_factor(user):
        raise Http404
    device = mfa.pending_app_device(user)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": mfa.app_device(user),
            "codes_left": mfa.recovery_codes_left(user),
            "required": mfa.required_by_role(user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def replace_app(request: HttpRequest) -> HttpResponse:
    """Remove the authenticator app (to set up a new one): asks for the password, ends other sessions."""
    user = _user(request)
    if not mfa.has_second_factor(user):
        return redirect("accounts:set_up")
    form = PasswordAgainForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        mfa.remove_all(user)
        ended = sessions.end_others(request, user, why="second factor removed")
        _event("second_factor_removed", user, other_sessions_ended=ended)
        messages.success(request, "Your authenticator app was removed. Set up the new one now.")
        return redirect("accounts:set_up")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Replace your authenticator app",
            "intro": "Use this if you have a new phone or lost the old one. The old app's codes stop working "
            "at once, your recovery codes too, and your other sessions are signed out. Then you set up the new app.",
            "button": "Remove the old app",
            "back": reverse("accounts:two_factor"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old stop working): asks for the password, ends other sessions."""
    user = _user(request)
    if not mfa.has_second_factor(user):
        return redirect("accounts:set_up")
    form = PasswordAgainForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        codes = mfa.new_recovery_codes(user)
        ended = sessions.end_others(request, user, why="recovery codes replaced")
        _event("recovery_codes_replaced", user, other_sessions_ended=ended)
        response = render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("home")})
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Make new recovery codes",
            "intro": "Your old recovery codes stop working, and your other sessions are signed out.",
            "button": "Make new codes",
            "back": reverse("accounts:two_factor"),
        },
    )


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = UserSession.objects.filter(user=user)
    return render(
        request,
        "accounts/sessions.html",
        {
            "rows": rows,
            "current": sessions.current_row_id(request),
            "settings_idle": settings.SESSION_IDLE_MINUTES,
            "settings_absolute": settings.SESSION_ABSOLUTE_HOURS,
        },
    )


@require_POST
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    row = get_object_or_404(UserSession.objects.select_related("user"), pk=pk, user=user)
    if row.pk == sessions.current_row_id(request):
        logout(request)
        return redirect("login")
    sessions.end(row, actor=user, why="ended by its owner")
    messages.success(request, "That session has been signed out.")
    return redirect("accounts:sessions")


@require_POST
def session_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_others(request, _user(request), why="ended by its owner")
    messages.success(request, f"{ended} other session{'s' if ended != 1 else ''} signed out.")
    return redirect("accounts:sessions")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Asks for the current password (the form does); then ends the person's other sessions."""

    form_class = ChangePasswordForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session (with a new key)
        sessions.touch(self.request, timezone.now(), force=True)
        ended = sessions.end_others(self.request, _user(self.request), why="password changed")
        _event("password_changed", _user(self.request), other_sessions_ended=ended)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from the e-mailed link. It does not sign the person in: they sign in with the new
    password and, where they have one, their second factor. Every session they had is ended."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        ended = sessions.end_all(user, actor=user, why="password reset")
        _event("password_reset", user, sessions_ended=ended)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
