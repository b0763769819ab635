from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from governance.forms.rendering import GovUKFormMixin


class SignInForm(GovUKFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }


class ChangePasswordForm(GovUKFormMixin, PasswordChangeForm):
    pass
