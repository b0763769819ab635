"""The partners whose data a breach involves: they are to be told."""

from __future__ import annotations

from breaches.models import Breach
from governance.models import Organisation


def partner_organisations(breach: Breach) -> list[Organisation]:
    """The other parties to the agreements involved and the owners of the datasets involved."""
    parties = set(breach.agreements.values_list("parties__organisation_id", flat=True))
    owners = set(breach.datasets.values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=parties | owners).exclude(pk=breach.organisation_id))
