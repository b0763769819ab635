"""Every figure of the dashboard for one viewer, organisation and period.

``build(user, organisation, date_from, date_to)`` is what the dashboard page shows and what an
organisation's audit pack puts in its PDF: render the result with
``{% include "dashboard/includes/figures.html" with dashboard=dashboard %}`` (see that template for the
options a PDF uses). The number of queries does not grow with the records: the figures over the same
records are counted together in one aggregate query (the disposals due read each retention schedule's
records a page at a time, as the sweep does).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from dashboard import caching
from dashboard.kinds import Figure, FigureResult, measure_all
from dashboard.registry import Panel, exceptions, panels
from dashboard.scope import Scope, organisations_for, sees_dashboard
from governance.caching import keep
from governance.models import Organisation, User

# How many of an exception's records are listed (each a link) under it on the dashboard.
EXCEPTION_SAMPLE = 5


@dataclass
class PanelResult:
    panel: Panel
    figures: list[FigureResult] = field(default_factory=list)
    note: str = ""  # why the panel shows no figures for this scope, if it does not
    html: str = ""  # the panel drawn already (kept from an earlier view of the page), its figures not counted

    @property
    def live(self) -> bool:
        """Whether its numbers move with the clock (it is then drawn afresh on every view)."""
        return any(figure.live for figure in self.panel.figures)

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def title(self) -> str:
        return self.panel.title

    @property
    def numbers(self) -> list[FigureResult]:
        return [figure for figure in self.figures if figure.kind == "number"]

    @property
    def charts(self) -> list[FigureResult]:
        return [figure for figure in self.figures if figure.kind != "number"]


@dataclass
class ExceptionResult:
    figure: FigureResult | None
    title: str
    note: str = ""  # why it is not counted for this scope, if it is not


@dataclass
class Dashboard:
    scope: Scope
    exceptions: list[ExceptionResult]
    panels: list[PanelResult]

    @property
    def organisation(self) -> Organisation:
        return self.scope.organisation

    @property
    def date_from(self) -> datetime.date:
        return self.scope.date_from

    @property
    def date_to(self) -> datetime.date:
        return self.scope.date_to

    @property
    def today(self) -> datetime.date:
        return self.scope.today

    @property
    def exception_count(self) -> int:
        """How many exceptions have records (each should have none)."""
        return sum(1 for entry in self.exceptions if entry.figure is not None and entry.figure.total)

    def figure(self, key: str) -> FigureResult:
        for entry in self.exceptions:
            if entry.figure is not None and entry.figure.key == key:
                return entry.figure
        for panel in self.panels:
            for result in panel.figures:
                if result.key == key:
                    return result
        raise KeyError(key)


def build(
    user: User,
    organisation: Organisation,
    date_from: datetime.date,
    date_to: datetime.date,
    *,
    today: datetime.date | None = None,
) -> Dashboard:
    """The dashboard's figures as ``user`` may see them. Refuses (``PermissionDenied``) a user who may
    not see the dashboard, or an organisation that is neither theirs nor a partner of theirs."""
    if not sees_dashboard(user) or not organisations_for(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied("This person may not see the dashboard for that organisation.")
    if date_from > date_to:
        raise ValueError("The period must start on or before the day it ends.")
    return compute(Scope(user, organisation, date_from, date_to, today or timezone.localdate()))


def compute(scope: Scope, drawn: Mapping[str, str] | None = None) -> Dashboard:
    """The figures for a scope already checked (the page checks it through its filter form). The panels in
    ``drawn`` (HTML by panel key, kept from an earlier view) are given that HTML and their figures are not
    counted."""
    drawn = drawn or {}
    user = scope.user
    wanted: list[tuple[Figure, int]] = []  # what to count, and how many of its records to list
    checks: list[ExceptionResult | int] = []  # each a result, or the index of the figure in ``wanted``
    for figure in exceptions():
        if not figure.shown_to(user):
            continue
        if figure.own_organisation_only and not scope.own:
            checks.append(ExceptionResult(None, figure.title, "Checked for your own organisation only."))
            continue
        checks.append(len(wanted))
        wanted.append((figure, EXCEPTION_SAMPLE))
    # Each panel's result, or the panel with the indexes of its figures in ``wanted``, to count.
    shown: list[PanelResult | tuple[Panel, list[int]]] = []
    for panel in panels():
        if not panel.shown_to(user):
            continue
        if panel.own_organisation_only and not scope.own:
            shown.append(PanelResult(panel, note=panel.own_organisation_note))
            continue
        if panel.key in drawn:
            shown.append(PanelResult(panel, html=mark_safe(drawn[panel.key])))  # noqa: S308  # nosec B308, B703 - drawn by our template
            continue
        indexes = []
        for shown_figure in panel.figures:
            if shown_figure.shown_to(user) and (scope.own or not shown_figure.own_organisation_only):
                indexes.append(len(wanted))
                wanted.append((shown_figure, 0))
        shown.append((panel, indexes))
    results = _measured(wanted, scope)
    return Dashboard(
        scope,
        [
            check if isinstance(check, ExceptionResult) else ExceptionResult(results[check], wanted[check][0].title)
            for check in checks
        ],
        [
            entry if isinstance(entry, PanelResult) else PanelResult(entry[0], [results[i] for i in entry[1]])
            for entry in shown
        ],
    )


def _measured(wanted: list[tuple[Figure, int]], scope: Scope) -> list[FigureResult]:
    """The figures' results: those kept for the scope at the current data version (``dashboard.caching``),
    and the others counted now (those that move with the clock always are), then kept."""
    key, version, kept = caching.kept(scope, "figures")
    missing = [index for index, (figure, _) in enumerate(wanted) if figure.live or figure.key not in kept]
    counted = dict(zip(missing, measure_all([wanted[index] for index in missing], scope), strict=True))
    fresh = {
        wanted[index][0].key: caching.numbers(result) for index, result in counted.items() if not result.figure.live
    }
    if fresh:
        keep(key, version, kept | fresh)
    return [
        counted[index] if index in counted else caching.restored(figure, scope, kept[figure.key])
        for index, (figure, _) in enumerate(wanted)
    ]


def for_page(scope: Scope) -> Dashboard:
    """The dashboard as its page shows it: each panel drawn, those drawn before for the scope (at the current
    data version) kept, the others drawn now and kept unless their numbers move with the clock."""
    key, version, drawn = caching.kept(scope, "panels")
    dashboard = compute(scope, drawn=drawn)
    fresh = {}
    for panel in dashboard.panels:
        if not panel.html:
            panel.html = render_to_string("dashboard/includes/panel.html", {"panel": panel})
            if not panel.live:
                fresh[panel.key] = str(panel.html)
    if fresh:
        keep(key, version, drawn | fresh)
    return dashboard
