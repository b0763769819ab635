"""The dashboard's exception for training: people holding active access grants whose training has lapsed
(grants are not ended by lapsed training; the asset owner is told, and this lists them)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dashboard.kinds import CountFigure
from dashboard.registry import register_exception
from dashboard.sources.isa import GRANT_COLUMNS, GRANT_RELATED, active_grants
from training.standing import lapsed_filter


def _lapsed(scope: Any) -> Q:
    return lapsed_filter(scope.today, prefix="user__")


def grants_with_lapsed_training(scope: Any) -> QuerySet[Any]:
    return active_grants(scope).filter(_lapsed(scope))


register_exception(
    CountFigure(
        key="grants-lapsed-training",
        title="Active grants held by people whose training has lapsed",
        description="Access continues until the grant ends, but the asset owner should decide whether to suspend it.",
        unit="grants",
        source=active_grants,  # counted with the dashboard's other figures over active grants
        where=_lapsed,
        columns=GRANT_COLUMNS,
        related=GRANT_RELATED,
        order_by=("expires_on", "pk"),
    ),
    order=70,
)
