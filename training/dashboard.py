"""The dashboard's exception for training: people holding active access grants whose training has lapsed
(grants are not ended by lapsed training; the asset owner is told, and this lists them)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dashboard.kinds import CountFigure
from dashboard.registry import register_exception
from dashboard.sources.isa import GRANT_COLUMNS, GRANT_RELATED, active_grants
from training.standing import lapsed_filter


def grants_with_lapsed_training(scope: Any) -> QuerySet[Any]:
    return active_grants(scope).filter(lapsed_filter(scope.today, prefix="user__"))


register_exception(
    CountFigure(
        key="grants-lapsed-training",
        title="Active grants held by people whose training has lapsed",
        description="Access continues until the grant ends, but the asset owner should decide whether to suspend it.",
        unit="grants",
        queryset=grants_with_lapsed_training,
        columns=GRANT_COLUMNS,
        related=GRANT_RELATED,
        order_by=("expires_on", "pk"),
    ),
    order=70,
)
