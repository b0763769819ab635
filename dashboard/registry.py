"""The dashboard's panels and exceptions, registered by the apps that own the records.

An app adds a panel (a titled group of figures) or an exception (a number that should be zero) with one
call, from its ``AppConfig.ready`` or from a ``dashboard`` module of its own, which the dashboard imports
at start-up (as retention finds each app's ``retention`` module)::

    # breaches/dashboard.py
    from dashboard.kinds import CountFigure
    from dashboard.registry import register_exception

    register_exception(CountFigure(key="ico-decision-overdue", title="ICO decisions overdue",
                                   queryset=overdue_decisions, alert=True), order=70)

The dashboard module itself never needs to know the app exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from dashboard.kinds import CountFigure, Figure, everyone
from governance.models import User


@dataclass(frozen=True, kw_only=True)
class Panel:
    key: str
    title: str
    figures: Sequence[Figure]
    order: int = 100
    description: str = ""
    shown_to: Callable[[User], bool] = everyone  # beyond the dashboard's own viewers
    own_organisation_only: bool = False  # e.g. retention: a partner's is not the viewer's to see
    own_organisation_note: str = "Shown for your own organisation only."


@dataclass(frozen=True)
class _Exception:
    figure: CountFigure
    order: int


_panels: dict[str, Panel] = {}
_exceptions: dict[str, _Exception] = {}


def _check_keys(new: Sequence[Figure], replacing: Sequence[Figure] = ()) -> None:
    taken = {figure.key for panel in _panels.values() for figure in panel.figures}
    taken |= set(_exceptions)
    taken -= {figure.key for figure in replacing}
    for figure in new:
        if figure.key in taken:
            raise ValueError(f"A dashboard figure called {figure.key!r} is already registered.")


def register_panel(panel: Panel) -> Panel:
    """Add a panel. Registering the same panel again changes nothing; another with its key is an error."""
    existing = _panels.get(panel.key)
    if existing is not None:
        if existing == panel:
            return panel
        raise ValueError(f"A dashboard panel called {panel.key!r} is already registered.")
    keys = [figure.key for figure in panel.figures]
    if len(set(keys)) != len(keys):
        raise ValueError(f"The panel {panel.key!r} names a figure twice.")
    _check_keys(panel.figures)
    _panels[panel.key] = panel
    return panel


def register_exception(figure: CountFigure, *, order: int = 100) -> CountFigure:
    """Add an exception: a count of records that should be none, each listed with a link to it."""
    figure = replace(figure, alert=True)
    existing = _exceptions.get(figure.key)
    if existing is not None:
        if existing.figure == figure and existing.order == order:
            return figure
        raise ValueError(f"A dashboard exception called {figure.key!r} is already registered.")
    _check_keys([figure])
    _exceptions[figure.key] = _Exception(figure, order)
    return figure


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.title))


def exceptions() -> list[CountFigure]:
    return [entry.figure for entry in sorted(_exceptions.values(), key=lambda e: (e.order, e.figure.title))]


def find(key: str) -> tuple[Panel | None, Figure]:
    """The figure with this key and the panel it is in (None for an exception); KeyError if none."""
    if key in _exceptions:
        return None, _exceptions[key].figure
    for panel in _panels.values():
        for figure in panel.figures:
            if figure.key == key:
                return panel, figure
    raise KeyError(key)
