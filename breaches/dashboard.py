"""The breach register on the SIRO dashboard: open breaches by status, the ICO clocks still running, and the
exception that should be none: a breach past its 72 hours with no decision on reporting it to the ICO.

Counted for the viewer's own organisation only (a partner's breaches are not the viewer's to see)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from breaches.models import DUE_SOON, ICO_WINDOW, OPEN, UNDECIDED, Breach, BreachQuerySet, BreachStatus
from dashboard.kinds import Bucket, BucketFigure, Column, CountFigure, GroupedFigure, choices, record_column
from dashboard.registry import Panel, register_exception, register_panel
from dashboard.scope import Scope


def breaches(scope: Scope) -> BreachQuerySet:
    return Breach.objects.visible_to(scope.user).filter(organisation_id=scope.organisation.pk)


def open_breaches(scope: Scope) -> QuerySet[Breach]:
    return breaches(scope).filter(status__in=OPEN)


def running_clocks(scope: Scope) -> QuerySet[Breach]:
    return breaches(scope).undecided()


def overdue_decisions(scope: Scope) -> QuerySet[Breach]:
    return breaches(scope).ico_overdue(timezone.now())


def _undecided(scope: Scope) -> Q:
    return Q(status__in=UNDECIDED)


def _overdue_decision(scope: Scope) -> Q:
    return _undecided(scope) & Q(aware_at__lt=timezone.now() - ICO_WINDOW)


def _clock_buckets(scope: Scope) -> list[Bucket]:
    # The clock runs in hours, so the buckets are drawn from now, not from the scope's day.
    deadline_passed = timezone.now() - ICO_WINDOW
    return [
        Bucket("overdue", "Overdue: more than 72 hours", Q(aware_at__lt=deadline_passed), alert=True),
        Bucket(
            "due-soon", "Due within 24 hours", Q(aware_at__gte=deadline_passed, aware_at__lt=deadline_passed + DUE_SOON)
        ),  # fmt: skip
        Bucket("later", "More than 24 hours left", Q(aware_at__gte=deadline_passed + DUE_SOON)),
    ]


COLUMNS = (
    record_column("Breach"),
    Column("Status", lambda b: b.get_status_display()),
    Column("Aware", lambda b: b.aware_at),
    Column("ICO due", lambda b: b.ico_clock().due_at),
    Column("Risk", lambda b: b.get_risk_level_display() or "Not assessed"),
)

BY_STATUS = GroupedFigure(
    key="breaches-open",
    title="Open breaches by status",
    description="Personal data breaches reported and not yet closed, as they stand today.",
    unit="breaches",
    queryset=open_breaches,
    group_by="status",
    labels=choices(BreachStatus.choices, leave_out=[BreachStatus.CLOSED]),
    columns=COLUMNS,
    order_by=("-aware_at", "-pk"),
)
CLOCKS = BucketFigure(
    key="breaches-ico-clocks",
    title="ICO clocks running",
    description="Breaches with no decision yet on reporting them to the ICO, by the time left of the 72 hours "
    "from awareness.",
    unit="breaches",
    source=breaches,  # counted with the overdue decisions, in one query
    where=_undecided,
    buckets=_clock_buckets,
    live=True,  # the clock runs in hours
    columns=COLUMNS,
    order_by=("aware_at", "pk"),
)
OVERDUE = CountFigure(
    key="breaches-ico-overdue",
    title="ICO decision overdue",
    description="Open breaches more than 72 hours after awareness with no decision on reporting them to the ICO.",
    unit="breaches",
    source=breaches,
    where=_overdue_decision,
    columns=COLUMNS,
    order_by=("aware_at", "pk"),
    own_organisation_only=True,
    live=True,
)

PANEL = register_panel(
    Panel(
        key="data-breaches",
        title="Personal data breaches",
        order=35,
        figures=(CLOCKS, BY_STATUS),
        own_organisation_only=True,
        own_organisation_note="Breach figures are shown for your own organisation only.",
    )
)
register_exception(OVERDUE, order=70)
