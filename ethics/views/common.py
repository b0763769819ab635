from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(request: HttpRequest, form: Any, title: str, back: str, button: str, **extra: Any) -> HttpResponse:
    """The committee's one-form pages: a heading, the form and its button, and a way back."""
    return render(request, "form_page.html", {"form": form, "title": title, "back": back, "button": button, **extra})
