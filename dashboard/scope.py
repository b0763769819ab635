"""Who sees the dashboard, for which organisations, over which period.

The dashboard is for the readers of a whole organisation (its SIRO, DPO and auditors); everyone else
gets 404, as for the retention pages. A viewer looks at their own organisation or at a partner it shares
with through an agreement both are party to. Every figure then counts only records the viewer may see:
the records' own ``visible_to(user)`` querysets, narrowed to the chosen organisation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar
from urllib.parse import urlencode

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from governance.batched import values_rows
from governance.dates import add_months
from governance.models import Dataset, Organisation, User
from governance.roles import ORGANISATION_READERS, Role
from isa.models import AgreementParty, AgreementStatus

M = TypeVar("M", bound=models.Model)

VIEWER_ROLES: tuple[Role, ...] = tuple(sorted(ORGANISATION_READERS))


def sees_dashboard(user: User) -> bool:
    return bool(user.is_authenticated and user.organisation_id is not None and user.has_role(*VIEWER_ROLES))


def require_viewer(user: User) -> int:
    """The viewer's organisation; 404 for anyone who may not see the dashboard."""
    if not sees_dashboard(user):
        raise Http404
    assert user.organisation_id is not None
    return user.organisation_id


def organisations_for(user: User) -> QuerySet[Organisation]:
    """The viewer's own organisation and its partners: the other parties to agreements (beyond drafts)
    that the viewer's organisation is party to and the viewer may see."""
    if not sees_dashboard(user):
        return Organisation.objects.none()
    own = user.organisation_id
    assert own is not None
    # The viewer reads the whole organisation (``sees_dashboard``), so sees every agreement it is party to.
    # Tested organisation by organisation (there are tens): "a party to an agreement, beyond a draft, that
    # the viewer's organisation is party to too" is then a few index look-ups each, where the set of all the
    # partners' parties was a scan of every party (2 ms against 14).
    shares = (
        AgreementParty.objects.filter(organisation_id=OuterRef("pk"), agreement__parties__organisation_id=own)
        .exclude(agreement__status=AgreementStatus.DRAFT)
        .values("pk")
    )
    return Organisation.objects.filter(Q(pk=own) | Q(Exists(shares))).order_by("name")


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months, today included."""
    return add_months(today, -12) + datetime.timedelta(days=1), today


@dataclass(frozen=True)
class OrganisationIds:
    datasets: list[int]
    people: list[int]
    agreements: list[int]  # those it is party to


@dataclass(frozen=True)
class Scope:
    """What one set of figures is for: a viewer, an organisation, a period, and the day they are as of."""

    user: User
    organisation: Organisation
    date_from: datetime.date
    date_to: datetime.date
    today: datetime.date

    @property
    def own(self) -> bool:
        """Whether the organisation is the viewer's own (some figures are only for that)."""
        return self.organisation.pk == self.user.organisation_id

    @property
    def whole_organisation(self) -> bool:
        """Whether the viewer reads every record of the organisation (its DPO, SIRO or auditor, looking at
        their own): a source whose ``visible_to`` gives such readers all of the organisation's records may
        then count them without it. ``tests/dashboard/test_scope.py`` holds each such source equal to its
        ``visible_to`` form."""
        return self.own and self.user.reads_whole_organisation()

    def organisations_records(self, model: type[M], mine: Q) -> QuerySet[M]:
        """The records of ``model`` matching ``mine`` (the organisation's) that the viewer may see: all of
        them for a reader of the whole organisation, where ``model``'s ``visible_to`` gives such readers
        every record ``mine`` matches (held so by ``tests/dashboard/test_scope.py``); others through it."""
        if self.whole_organisation:
            return model._default_manager.filter(mine)
        return model._default_manager.visible_to(self.user).filter(mine)  # type: ignore[attr-defined]

    @cached_property
    def organisation_ids(self) -> OrganisationIds:
        """The ids of the organisation's datasets and people, and of the agreements it is party to, read
        once for all the figures (in one round trip). Figures over the records related to them use them as
        constant lists (``governance.lookups.AnyOf``), which PostgreSQL plans on their real length."""
        organisation = self.organisation.pk
        datasets, people, agreements = values_rows(
            [
                Dataset.objects.filter(organisation_id=organisation).order_by().values("pk"),
                User.objects.filter(organisation_id=organisation).order_by().values("pk"),
                AgreementParty.objects.filter(organisation_id=organisation).order_by().values("agreement_id"),
            ]
        )
        return OrganisationIds(
            [row["pk"] for row in datasets],
            [row["pk"] for row in people],
            [row["agreement_id"] for row in agreements],
        )

    def params(self) -> dict[str, str]:
        return {
            "organisation": str(self.organisation.pk),
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
        }

    def query(self, **extra: str | None) -> str:
        """The filters as a query string, with ``extra`` parameters (those given as None are left out)."""
        params = self.params() | {name: value for name, value in extra.items() if value is not None}
        return urlencode(params)

    def period(self, path: str, *, moment: bool = False) -> Q:
        """Records whose date at ``path`` falls in the period (``moment`` for a date and time)."""
        lookup = f"{path}__date__range" if moment else f"{path}__range"
        return Q(**{lookup: (self.date_from, self.date_to)})
