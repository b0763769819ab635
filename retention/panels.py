from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from governance.access import can_change_dataset
from governance.models import Dataset, User
from retention.access import sees_retention
from retention.models import ConfirmationStatus, DisposalConfirmation, LegalHold, RetentionReview, ReviewStatus


def dataset_panel(user: User, dataset: Dataset) -> dict[str, Any]:
    link = getattr(dataset, "retention", None)
    return {
        "dataset": dataset,
        "schedule": link.schedule if link else None,
        "can_change": can_change_dataset(user, dataset),
        "held": LegalHold.objects.in_force().filter(dataset=dataset).exists(),
        "confirmations": DisposalConfirmation.objects.filter(dataset=dataset, status=ConfirmationStatus.OPEN).count(),
    }


def home_panel(user: User, _record: None) -> dict[str, Any] | None:
    officer = sees_retention(user)
    theirs = Q(owner_id=user.pk)
    if officer:
        theirs |= Q(organisation_id=user.organisation_id)
    counts = {}
    for name, model, status in (
        ("reviews", RetentionReview, ReviewStatus.OPEN),
        ("confirmations", DisposalConfirmation, ConfirmationStatus.OPEN),
    ):
        counts[name] = model.objects.filter(theirs, status=status).aggregate(
            mine=Count("pk", filter=Q(owner_id=user.pk)), all=Count("pk")
        )
    if not (counts["reviews"]["mine"] or counts["confirmations"]["mine"] or officer):
        return None
    return {
        "reviews": counts["reviews"]["mine"],
        "confirmations": counts["confirmations"]["mine"],
        "officer": officer,
        "waiting": counts["reviews"]["all"] + counts["confirmations"]["all"] if officer else 0,
    }
