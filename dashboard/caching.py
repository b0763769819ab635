"""The dashboard's figures and panels, kept in the cache until a record changes (``governance.caching``).

Counting every figure takes an aggregate query per kind of record over everything the viewer may see, and
drawing its charts takes longer still; so a viewer's figures for a scope (organisation, period, day), and
the panels drawn from them, are kept under the data version. Figures that move with the clock as well as
with the records (``Figure.live``, such as the ICO's 72 hours) are never kept, nor are the panels showing
them.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from dashboard.kinds import Figure, FigureResult
from dashboard.scope import Scope
from governance import caching

_NUMBERS = tuple(f.name for f in fields(FigureResult) if f.name not in ("figure", "scope"))


def kept(scope: Scope, what: str) -> tuple[str, str | None, dict[str, Any]]:
    """The cache key of the scope's ``what`` ("figures" or "panels"), the data version to keep anything
    worked out now under (read before working it out, so that a change committed meanwhile leaves it
    unread), and what is kept there at that version (empty if nothing)."""
    key = caching.kept_key(
        "dashboard",
        what,
        scope.user.pk,
        scope.organisation.pk,
        f"{scope.date_from:%Y%m%d}",
        f"{scope.date_to:%Y%m%d}",
        f"{scope.today:%Y%m%d}",
    )
    version, value = caching.read(key)
    return key, version, value or {}


def numbers(result: FigureResult) -> dict[str, Any]:
    """What is kept of a result: everything but the figure and scope it belongs to."""
    return {name: getattr(result, name) for name in _NUMBERS}


def restored(figure: Figure, scope: Scope, kept_numbers: dict[str, Any]) -> FigureResult:
    return FigureResult(figure, scope, **kept_numbers)
