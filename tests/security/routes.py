"""Every URL pattern of the site, found by walking the URL configuration itself, so that a URL added
tomorrow is in the permission matrix's list without anyone remembering to put it there.

Only framework URLs are left out, each group with its reason in ``FRAMEWORK``; everything else must be
declared in ``tests/security/matrix.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace, as ``reverse`` takes it: "dpia:screening_detail"
    route: str  # the full pattern, for messages: "dpia/<int:pk>/"
    kwargs: tuple[str, ...]  # the arguments the URL takes from its path
    module: str  # the view's module, to say where the URL comes from


# Framework URLs, with the reason each is left out of the declared table. Matched on the URL name.
FRAMEWORK: dict[str, str] = {
    r"^(admin:|<unnamed admin/)": "the admin site's own pages: staff only, guarded by the admin site itself (its "
    "index is checked on its own, in test_permission_matrix)",
    r"^api:api-root$": "DRF's router root: a list of the API's addresses, checked with the API reads",
}


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes += _walk(pattern.url_patterns, route, inner)
            continue
        kwargs = tuple(sorted(pattern.pattern.regex.groupindex))
        if "format" in kwargs:
            continue  # DRF's format-suffix twin (``.json``) of a pattern that is listed without it
        view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
        module = (view or pattern.callback).__module__
        name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
        routes.append(Route(name=name, route=route, kwargs=kwargs, module=module))
    return routes


def all_routes() -> list[Route]:
    """Every URL pattern, in the order the URL configuration lists them."""
    return _walk(get_resolver().url_patterns, "", "")


def framework_reason(name: str) -> str | None:
    return next((reason for pattern, reason in FRAMEWORK.items() if re.search(pattern, name)), None)


def site_routes() -> list[Route]:
    """The routes the site itself declares (framework routes left out)."""
    return [route for route in all_routes() if framework_reason(route.name) is None]
