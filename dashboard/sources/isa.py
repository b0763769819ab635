"""Sharing figures: agreements by status and their reviews coming up, active access grants by dataset and
the grantee's organisation, and grants expiring soon."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import F, Q, QuerySet

from dashboard.kinds import Bucket, BucketFigure, Column, CountFigure, GroupedFigure, choices, record_column
from dashboard.registry import Panel
from dashboard.scope import Scope
from governance.lookups import AnyOf
from governance.models import Dataset, Organisation
from isa.models import IN_FORCE, AccessGrant, Agreement, AgreementStatus, GrantStatus


def agreements(scope: Scope) -> QuerySet[Agreement]:
    """Agreements the viewer may see that the organisation drafted or is party to."""
    parties = Q(AnyOf(F("pk"), scope.organisation_ids.agreements))
    return scope.organisations_records(Agreement, Q(organisation_id=scope.organisation.pk) | parties)


def grants(scope: Scope) -> QuerySet[AccessGrant]:
    """Grants the viewer may see on the organisation's datasets or to its people.

    Written with the ids of those datasets and people (``Scope.organisation_ids``), each list looked up in
    the grants' index, not as a join (every active grant matched to its dataset to test the dataset's
    organisation) nor as ``IN (subquery)`` (a hashed filter on a scan of every grant)."""
    ids = scope.organisation_ids
    return scope.organisations_records(
        AccessGrant, Q(AnyOf(F("dataset_id"), ids.datasets)) | Q(AnyOf(F("user_id"), ids.people))
    )


def _dataset_names(values: Sequence[str]) -> dict[str, str]:
    return {str(pk): name for pk, name in Dataset.objects.filter(pk__in=values).values_list("pk", "name")}


def _organisation_names(values: Sequence[str]) -> dict[str, str]:
    return {str(pk): name for pk, name in Organisation.objects.filter(pk__in=values).values_list("pk", "name")}


def active_grants(scope: Scope) -> QuerySet[AccessGrant]:
    return grants(scope).filter(status=GrantStatus.ACTIVE)


def _without_agreement_in_force(scope: Scope) -> Q:
    """Grants resting on an agreement that has expired, been terminated or been superseded (its grants
    should have been suspended with it). Those agreements' ids are read once, rather than each grant
    joined to its agreement."""
    return Q(agreement_id__in=Agreement.objects.exclude(status__in=IN_FORCE).order_by().values("pk"))


def grants_without_agreement_in_force(scope: Scope) -> QuerySet[AccessGrant]:
    return active_grants(scope).filter(_without_agreement_in_force(scope))


def _in_force(scope: Scope) -> Q:
    return Q(status__in=IN_FORCE)


def _in(days: int, scope: Scope) -> datetime.date:
    return scope.today + datetime.timedelta(days=days)


def _review_buckets(scope: Scope) -> list[Bucket]:
    return [
        Bucket("overdue", "Review date passed", Q(review_date__lt=scope.today), alert=True),
        Bucket("30", "In the next 30 days", Q(review_date__gte=scope.today, review_date__lte=_in(30, scope))),
        Bucket("60", "In 31 to 60 days", Q(review_date__gt=_in(30, scope), review_date__lte=_in(60, scope))),
        Bucket("90", "In 61 to 90 days", Q(review_date__gt=_in(60, scope), review_date__lte=_in(90, scope))),
    ]


def _expiry_buckets(scope: Scope) -> list[Bucket]:
    return [
        Bucket("past", "Past their expiry date but still active", Q(expires_on__lt=scope.today), alert=True),
        Bucket("7", "In the next 7 days", Q(expires_on__gte=scope.today, expires_on__lte=_in(7, scope))),
        Bucket("30", "In 8 to 30 days", Q(expires_on__gt=_in(7, scope), expires_on__lte=_in(30, scope))),
    ]


def _agreement_url(grant: AccessGrant) -> str | None:
    return grant.agreement.get_absolute_url() if grant.agreement else None


AGREEMENT_COLUMNS = (
    record_column("Agreement"),
    Column("Status", lambda a: a.get_status_display()),
    Column("Parties", lambda a: "; ".join(str(party.organisation) for party in a.parties.all())),
    Column("Review date", lambda a: a.review_date),
    Column("End date", lambda a: a.end_date or ""),
)
GRANT_COLUMNS = (
    Column("Access request", lambda g: g.request.reference, lambda g: g.get_absolute_url()),
    # Not linked: a partner's dataset may be one the viewer cannot open.
    Column("Dataset", lambda g: g.dataset.name),
    Column("Grantee", lambda g: str(g.user)),
    Column("Grantee's organisation", lambda g: str(g.user.organisation or "")),
    Column("Agreement", lambda g: g.agreement.reference if g.agreement else "", _agreement_url),
    Column("Status", lambda g: g.get_status_display()),
    Column("Starts", lambda g: g.starts_on),
    Column("Expires", lambda g: g.expires_on),
)  # fmt: skip
GRANT_RELATED = ("request", "dataset", "user__organisation", "agreement")

AGREEMENT_STATUS = GroupedFigure(
    key="agreements-by-status",
    title="Sharing agreements by status",
    description="Agreements the organisation drafted or is party to, as they stand today.",
    unit="agreements",
    source=agreements,
    group_by="status",
    labels=choices(AgreementStatus.choices),
    columns=AGREEMENT_COLUMNS,
    prefetch=("parties__organisation",),
    order_by=("review_date", "pk"),
)
AGREEMENT_REVIEWS = BucketFigure(
    key="agreement-reviews",
    title="Agreement reviews due",
    description="Agreements in force whose review date has passed or falls in the next 90 days.",
    unit="agreements",
    source=agreements,
    where=_in_force,
    buckets=_review_buckets,
    columns=AGREEMENT_COLUMNS,
    prefetch=("parties__organisation",),
    order_by=("review_date", "pk"),
)
GRANTS_BY_DATASET = GroupedFigure(
    key="active-grants",
    title="Active access grants by dataset",
    description="Access in force today to each dataset, split by the organisation of the people holding it.",
    unit="grants",
    source=active_grants,
    group_by="dataset_id",
    labels_of=_dataset_names,
    series_by="user__organisation_id",
    series_labels_of=_organisation_names,
    columns=GRANT_COLUMNS,
    related=GRANT_RELATED,
    order_by=("dataset__name", "expires_on", "pk"),
)
GRANTS_EXPIRING = BucketFigure(
    key="grants-expiring",
    title="Active grants expiring soon",
    description="Grants that end within 30 days (and any past their date that the hourly expiry has not ended).",
    unit="grants",
    source=active_grants,
    buckets=_expiry_buckets,
    columns=GRANT_COLUMNS,
    related=GRANT_RELATED,
    order_by=("expires_on", "pk"),
)

PANEL = Panel(
    key="sharing",
    title="Sharing agreements and access",
    order=20,
    figures=(AGREEMENT_STATUS, AGREEMENT_REVIEWS, GRANTS_BY_DATASET, GRANTS_EXPIRING),
)

GRANTS_WITHOUT_AGREEMENT = CountFigure(
    key="grants-without-agreement-in-force",
    title="Grants resting on an agreement no longer in force",
    description="Active grants whose agreement has expired, been terminated or been superseded.",
    unit="grants",
    source=active_grants,
    where=_without_agreement_in_force,
    columns=GRANT_COLUMNS,
    related=GRANT_RELATED,
    order_by=("expires_on", "pk"),
)
