"""Access grants: created by approval, ended by expiry, and suspended at once when the chain they rest
on breaks (the agreement ends, the screening is reopened, the ethics advice turns against it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from governance.models import Dataset, Project, User
from governance.permissions import grant, revoke
from governance.services.common import save_with_history
from isa.models import AccessGrant, AccessRequest, Agreement, GrantStatus

# A grantee may read the dataset's register entry while a grant is active.
GRANTEE_ACTIONS = ("view",)


def grant_create(
    *,
    request: AccessRequest,
    dataset: Dataset,
    actor: User,
    agreement: Agreement | None,
) -> AccessGrant:
    access = AccessGrant(
        user=request.requester,
        dataset=dataset,
        request=request,
        agreement=agreement,
        starts_on=request.start_date,
        expires_on=request.end_date,
    )
    save_with_history(access, actor, "Granted on approval")
    grant(request.requester, dataset, GRANTEE_ACTIONS)
    return access


def _end(grants: Iterable[AccessGrant], *, status: str, actor: User, reason: str) -> list[AccessGrant]:
    """End each grant, take back the dataset permission unless another active grant still gives it, and
    tell the grantee and the asset owner."""
    ended = []
    now = timezone.now()
    for access in grants:
        access.status = status
        access.ended_at = now
        access.ended_reason = reason
        save_with_history(access, actor, reason)
        still_granted = AccessGrant.objects.current().filter(user_id=access.user_id, dataset_id=access.dataset_id)
        if not still_granted.exists():
            revoke(access.user, access.dataset, GRANTEE_ACTIONS)
        ended.append(access)
    if ended:
        ids = [access.pk for access in ended]

        def notify() -> None:
            from isa.tasks import send_grant_notice

            for grant_id in ids:
                send_grant_notice.delay(grant_id)

        transaction.on_commit(notify)
    return ended


def _active(grants: QuerySet[AccessGrant]) -> QuerySet[AccessGrant]:
    return grants.filter(status=GrantStatus.ACTIVE).select_for_update(of=("self",)).select_related("user", "dataset")


def grants_suspend_for_agreement(
    *, agreement: Agreement, actor: User, reason: str, keep_datasets: Iterable[int] = ()
) -> list[AccessGrant]:
    """Suspend every active grant resting on the agreement, except for datasets a superseding agreement
    still covers."""
    grants = _active(AccessGrant.objects.filter(agreement=agreement)).exclude(dataset_id__in=list(keep_datasets))
    return _end(grants, status=GrantStatus.SUSPENDED, actor=actor, reason=reason)


def grants_move_to_agreement(*, old: Agreement, new: Agreement, dataset_ids: Iterable[int]) -> int:
    """Grants on datasets the new agreement still covers now rest on it."""
    return AccessGrant.objects.filter(
        agreement=old, status=GrantStatus.ACTIVE, dataset_id__in=list(dataset_ids)
    ).update(agreement=new)


def grants_suspend_for_project(*, project: Project, actor: User, reason: str) -> list[AccessGrant]:
    """Suspend every active grant made for the project's requests (its screening was reopened, or its
    ethics advice is now D or E)."""
    grants = _active(AccessGrant.objects.filter(request__project=project))
    return _end(grants, status=GrantStatus.SUSPENDED, actor=actor, reason=reason)


def grant_revoke(*, access: AccessGrant, actor: User, reason: str) -> AccessGrant:
    with transaction.atomic():
        locked = _active(AccessGrant.objects.filter(pk=access.pk)).first()
        if locked is None:
            return access
        _end([locked], status=GrantStatus.REVOKED, actor=actor, reason=reason)
    return locked


def grants_expire(*, today: datetime.date, actor: User, batch: int = 500) -> int:
    """End grants whose expiry date has passed, in batches so a long backlog never holds one big lock."""
    ended = 0
    while True:
        with transaction.atomic():
            due = list(_active(AccessGrant.objects.filter(expires_on__lt=today)).order_by("pk")[:batch])
            if not due:
                return ended
            _end(due, status=GrantStatus.EXPIRED, actor=actor, reason="The grant reached its expiry date.")
            ended += len(due)
