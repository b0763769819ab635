"""The service navigation: which sections each person sees in the header.

Apps add their own sections with ``register`` (from their ``AppConfig.ready``), so the header
grows with the product without this module knowing every app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from governance.models import User
from governance.roles import Role


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    order: int
    shown_to: Callable[[User], bool]


_SECTIONS: list[Section] = []


def register(section: Section) -> None:
    if all(existing.url_name != section.url_name for existing in _SECTIONS):
        _SECTIONS.append(section)
        _SECTIONS.sort(key=lambda s: s.order)


def everyone(user: User) -> bool:
    return True


def has_any_role(*roles: Role) -> Callable[[User], bool]:
    return lambda user: user.has_role(*roles)


@functools.cache
def _address(url_name: str) -> str:
    # The URL configuration does not change while the process runs; the header asks on every page.
    return reverse(url_name)


def sections_for(user: User, path: str) -> list[dict[str, object]]:
    """The sections this person sees; the one whose address is the longest start of ``path`` is current."""
    items: list[dict[str, object]] = [
        {"label": section.label, "url": _address(section.url_name), "current": False}
        for section in _SECTIONS
        if section.shown_to(user)
    ]
    matches = [
        item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(str(item["url"])))
    ]
    if matches:
        max(matches, key=lambda item: len(str(item["url"])))["current"] = True
    return items


register(Section("Home", "home", 0, everyone))
register(Section("Projects", "project_list", 10, everyone))
register(Section("Datasets", "dataset_list", 20, everyone))
