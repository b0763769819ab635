"""A password validator for the words of this service and its organisations, which an attacker tries first."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

# Words anyone attacking this service would try, alone or with digits and punctuation around them.
SERVICE_WORDS = ("password", "police", "governance", "datasharing", "dataprotection", "welcome", "letmein")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


class ContextualPasswordValidator:
    """Refuse a password that is, once digits and punctuation are removed, just the service's name, a word
    of this service, or the person's organisation's name or short code. Passphrases that merely contain such
    a word among others are allowed: length is what makes them strong."""

    def _words(self, user: Any) -> set[str]:
        words = {_letters(word) for word in SERVICE_WORDS}
        words.add(_letters(getattr(settings, "PRODUCT_NAME", "")))
        organisation = getattr(user, "organisation", None) if user is not None else None
        if organisation is not None:
            words.add(_letters(organisation.name))
            words.add(_letters(organisation.short_code))
        if user is not None:
            words.add(_letters(getattr(user, "username", "")))
        return {word for word in words if len(word) >= 2}

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if not letters:
            return
        for word in self._words(user):
            # The password is the word (perhaps repeated), with only digits and punctuation added.
            if letters == word or (len(letters) % len(word) == 0 and letters == word * (len(letters) // len(word))):
                raise ValidationError(
                    "This password is too easy to guess: it is built on the name of this service, your "
                    "organisation or yourself. Try a few unrelated words together.",
                    code="password_contextual",
                )

    def get_help_text(self) -> str:
        return "Your password cannot be built on the name of this service, your organisation or your username."
