"""The service navigation: which sections each person sees in the header.

Apps add their own sections with ``register`` (from their ``AppConfig.ready``), so the header
grows with the product without this module knowing every app.
"""

from __future__ import annotations

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


def sections_for(user: User, path: str) -> list[dict[str, object]]:
    items = []
    for section in _SECTIONS:
        if not section.shown_to(user):
            continue
        url = reverse(section.url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": section.label, "url": url, "current": current})
    return items


register(Section("Home", "home", 0, everyone))
register(Section("Projects", "project_list", 10, everyone))
register(Section("Datasets", "dataset_list", 20, everyone))
