from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm

from governance.forms import GovUKForm
from governance.forms.rendering import GovUKFormMixin
from governance.models import User

CODE_WIDGET = forms.TextInput(
    attrs={"class": "govuk-input--width-10", "autocomplete": "one-time-code", "spellcheck": "false"}
)


def _code(value: str) -> str:
    return "".join(value.split()).lower()


class VerifyForm(GovUKForm):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=CODE_WIDGET,
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code"},
    )

    def clean_code(self) -> str:
        return _code(self.cleaned_data["code"])


class PasswordAgainForm(GovUKForm):
    """Asks for the password again before a change to how the person signs in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password


class SetUpForm(PasswordAgainForm):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        help_text="After adding the account, the app shows a 6-digit code. Enter it here.",
        widget=CODE_WIDGET,
        error_messages={"required": "Enter the 6-digit code your authenticator app shows"},
    )

    def clean_code(self) -> str:
        code = _code(self.cleaned_data["code"])
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6-digit code your authenticator app shows, like 123456")
        return code


class ResetRequestForm(GovUKFormMixin, PasswordResetForm):
    pass


class NewPasswordForm(GovUKFormMixin, SetPasswordForm):
    pass
