from __future__ import annotations

from typing import Any

from django import forms

from api.models import ApiToken, ServiceAccount
from api.tokens import MAX_DAYS
from governance.forms import GovUKForm
from governance.models import User

YOURSELF = "self"


class TokenForm(GovUKForm):
    holder = forms.ChoiceField(label="Who will the token act as?", widget=forms.RadioSelect)
    name = forms.CharField(
        label="What is the token for?",
        max_length=200,
        help_text="For example, the reporting spreadsheet. You choose the token to revoke by this name.",
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=MAX_DAYS,
        initial=90,
        help_text=f"From 1 to {MAX_DAYS}. Ask for a new token when it expires.",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "min_value": f"Enter a number of days from 1 to {MAX_DAYS}",
            "max_value": f"Enter a number of days from 1 to {MAX_DAYS}",
            "invalid": "Enter the number of days as a whole number, like 90",
        },
    )

    def __init__(self, *args: Any, user: User, accounts: list[ServiceAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.accounts = {str(account.pk): account for account in accounts}
        holder: Any = self.fields["holder"]
        holder.choices = [(YOURSELF, "Yourself")] + [
            (key, f"{account.name} (service account)") for key, account in self.accounts.items()
        ]
        if not accounts:
            # Only one holder is possible: the question is not asked.
            holder.required = False
            holder.widget = forms.HiddenInput()

    def service_account(self) -> ServiceAccount | None:
        return self.accounts.get(self.cleaned_data["holder"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "holder" in data and "name" in data:
            account = self.service_account()
            holder_id = account.user_id if account is not None else self.user.pk
            # A second click on the button, or the back button and submit again, must not make a second token.
            if ApiToken.objects.usable().filter(user_id=holder_id, name__iexact=data["name"].strip()).exists():
                self.add_error("name", "A token in use already has this name: choose another, or revoke that one")
        return data
