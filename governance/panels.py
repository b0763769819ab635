"""Panels other apps add to the core's pages: a project's page (its screenings, requests, cases), a
dataset's page (who has access, which agreements cover it) and each person's home page (what needs
their attention).

An app registers, for a place, a template and a function giving the panel's context; the page shows
every panel registered for its place, so the core needs no knowledge of the apps built on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.module_loading import import_string

from governance.models import User

Place = Literal["project", "dataset", "home"]


@dataclass(frozen=True)
class Panel:
    place: Place
    template: str
    context: str  # dotted path of ``f(user, record) -> dict | None``; None leaves the panel out


_PANELS: list[Panel] = []


def register_panel(place: Place, template: str, context: str) -> None:
    panel = Panel(place, template, context)
    if panel not in _PANELS:
        _PANELS.append(panel)


def panels_for(place: Place, user: User, record: Any = None) -> list[dict[str, Any]]:
    rendered = []
    for panel in _PANELS:
        if panel.place != place:
            continue
        context_of: Callable[[User, Any], dict[str, Any] | None] = import_string(panel.context)
        context = context_of(user, record)
        if context is not None:
            rendered.append({"template": panel.template, "context": context})
    return rendered
